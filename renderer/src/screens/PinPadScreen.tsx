import { useState } from 'react';
import type { PinResult } from '../../../common/contracts/staff';
import { useKiosk, useKioskApi } from '../state/context';
import { PinEntry } from './PinEntry';
import { describeError, time } from './staff-strings';

function message(result: PinResult): string | null {
  if (result.outcome === 'wrong') return `Wrong PIN. ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left before a 5-minute lockout.`;
  if (result.outcome === 'locked') return `Too many wrong PINs: locked until ${time(result.until)}.`;
  return null;
}

/** The PIN a supervisor or site IT enters before the board or diagnostics; the core checks it. */
export function PinPadScreen() {
  const api = useKioskApi();
  const staff = useKiosk((s) => s.snapshot?.staff ?? null);
  const signOut = useKiosk((s) => s.signOut);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!staff) return null;

  const submit = (pin: string) => {
    setBusy(true);
    api
      .verifyPin(pin)
      .then((result) => setError(message(result)))
      .catch((err: unknown) => setError(describeError(err)))
      .finally(() => setBusy(false));
  };
  const title = staff.kind === 'supervisor' ? 'Supervisor PIN' : 'Diagnostics PIN';
  const shown = error ?? (staff.lockedUntil ? `Too many wrong PINs: locked until ${time(staff.lockedUntil)}.` : null);
  return (
    <main className="screen staff-screen pin-pad-screen" data-testid="pin-pad">
      <header className="staff-header">
        <h1>{title}</h1>
        <button type="button" className="button button-quiet" data-testid="staff-cancel" onClick={() => void signOut()}>
          Cancel
        </button>
      </header>
      {staff.name && <p className="staff-name">{staff.name}</p>}
      <p className="pin-error" role="alert" data-testid="pin-error">
        {shown}
      </p>
      <PinEntry onSubmit={submit} disabled={busy} submitLabel="OK" testId="pin-entry" />
    </main>
  );
}
