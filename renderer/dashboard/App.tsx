import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MeResponse } from '../../common/contracts/dashboard';
import type { DashboardApi } from './api';
import { DashboardProvider } from './context';
import { DashboardPage } from './DashboardPage';
import { LoginPage } from './LoginPage';

type Session =
  | { kind: 'checking' }
  | { kind: 'signed-out'; notice?: string; firstAdminNeeded?: boolean }
  | { kind: 'signed-in'; me: MeResponse }
  | { kind: 'unreachable'; message: string };

export function App({ api }: { api: DashboardApi }) {
  const [session, setSession] = useState<Session>({ kind: 'checking' });

  const check = useCallback(() => {
    setSession({ kind: 'checking' });
    api.session().then(
      (current) => setSession(current.signedIn ? { kind: 'signed-in', me: current.me } : { kind: 'signed-out', firstAdminNeeded: current.firstAdminNeeded }),
      (error: unknown) => setSession({ kind: 'unreachable', message: error instanceof Error ? error.message : String(error) }),
    );
  }, [api]);
  useEffect(check, [check]);

  const onSignedOut = useCallback(() => setSession({ kind: 'signed-out', notice: 'Your session ended. Sign in again to continue.' }), []);
  const signOut = useCallback(async () => {
    try {
      await api.logout();
      setSession({ kind: 'signed-out', notice: 'You are signed out.' });
    } catch {
      // The page forgets the user either way; say so when the server may still hold the session.
      setSession({ kind: 'signed-out', notice: 'The server could not be reached to end your session. Close the browser to be sure you are signed out.' });
    }
  }, [api]);
  const context = useMemo(() => ({ api, onSignedOut }), [api, onSignedOut]);

  switch (session.kind) {
    case 'checking':
      return (
        <main className="centered" aria-busy="true">
          <p role="status">Loading…</p>
        </main>
      );
    case 'unreachable':
      return (
        <main className="centered">
          <h1>The dashboard cannot load</h1>
          <p role="alert">{session.message}</p>
          <button type="button" className="button button-primary" onClick={check}>
            Try again
          </button>
        </main>
      );
    case 'signed-out':
      return <LoginPage api={api} notice={session.notice} firstAdminNeeded={session.firstAdminNeeded} onSignedIn={(me) => setSession({ kind: 'signed-in', me })} />;
    case 'signed-in':
      return (
        <DashboardProvider value={context}>
          <DashboardPage me={session.me} onSignOut={signOut} />
        </DashboardProvider>
      );
  }
}
