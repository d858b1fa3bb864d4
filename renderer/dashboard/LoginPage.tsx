import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FIRST_ADMIN_COMMAND, type MeResponse } from '../../common/contracts/dashboard';
import { DashboardApiError, type DashboardApi } from './api';

interface Props {
  api: DashboardApi;
  notice?: string;
  /** Nobody can sign in yet (a fresh server): the page says how site IT creates the first admin. */
  firstAdminNeeded?: boolean;
  onSignedIn: (me: MeResponse) => void;
}

/** What the person at the desk should read for each refusal; the server's own words when it gives some. */
export function loginErrorMessage(error: unknown): string {
  if (!(error instanceof DashboardApiError)) return 'Signing in failed. Try again.';
  if (error.status === 401) return 'The email or password is wrong. Check both and try again.';
  if (error.status === 400) return 'Enter a valid email address and your password.';
  return error.message;
}

export function LoginPage({ api, notice, firstAdminNeeded = false, onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email address and your password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.login({ email: email.trim(), password });
      onSignedIn(await api.me());
    } catch (err) {
      setError(loginErrorMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <form className="login-form panel" onSubmit={submit} noValidate aria-describedby={error ? 'login-error' : undefined}>
        <p className="eyebrow">Shiftlearn</p>
        <h1>Sign in to the dashboard</h1>
        {notice && !error && <p role="status" className="notice">{notice}</p>}
        {firstAdminNeeded && (
          <div className="notice first-admin" data-testid="first-admin">
            <p>
              <strong>Nobody can sign in yet.</strong> Site IT creates the first admin on the server machine, in the server's folder, with a
              password of their own:
            </p>
            <pre>
              <code>{FIRST_ADMIN_COMMAND}</code>
            </pre>
            <p>Then sign in here with that email and password.</p>
          </div>
        )}
        {error && (
          <p id="login-error" className="form-error" role="alert" tabIndex={-1} ref={errorRef}>
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
