import { useState } from 'react';
import { useKiosk, useKioskApi, useT } from '../state/context';
import { PinEntry } from './PinEntry';
import { describeError, lockedMessage, pinResultMessage } from './staff-strings';

/** The PIN a supervisor or site IT enters before the board or diagnostics; the core checks it. */
export function PinPadScreen() {
  const api = useKioskApi();
  const { t } = useT();
  const staff = useKiosk((s) => s.snapshot?.staff ?? null);
  const signOut = useKiosk((s) => s.signOut);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!staff) return null;

  const submit = (pin: string) => {
    setBusy(true);
    api
      .verifyPin(pin)
      .then((result) => setError(pinResultMessage(t, result)))
      .catch((err: unknown) => setError(describeError(err)))
      .finally(() => setBusy(false));
  };
  const title = t(staff.kind === 'supervisor' ? 'pinSupervisorTitle' : 'pinDiagnosticsTitle');
  const shown = error ?? (staff.lockedUntil ? lockedMessage(t, staff.lockedUntil) : null);
  return (
    <main className={`screen staff-screen pin-pad-screen${staff.pinConfigured ? '' : ' pin-missing'}`} data-testid="pin-pad">
      <div className="pin-info">
        <header className="staff-header">
          <h1>{title}</h1>
          <button type="button" className="button button-quiet" data-testid="staff-cancel" onClick={() => void signOut()}>
            {t(staff.pinConfigured ? 'staffCancel' : 'staffClose')}
          </button>
        </header>
        {staff.name && <p className="staff-name">{staff.name}</p>}
        {staff.pinConfigured ? (
          <p className="pin-error" role="alert" data-testid="pin-error">
            {shown}
          </p>
        ) : (
          // Nothing to check a PIN against: asking for one would only end in this message.
          <div className="pin-not-configured" role="alert" data-testid="pin-not-configured">
            <p className="pin-error">{t(staff.kind === 'supervisor' ? 'pinMissingSupervisor' : 'pinMissingDiagnostics', { name: staff.name ?? '' })}</p>
            <p>{t(staff.kind === 'supervisor' ? 'pinMissingSupervisorFix' : 'pinMissingDiagnosticsFix')}</p>
          </div>
        )}
      </div>
      {staff.pinConfigured && <PinEntry onSubmit={submit} disabled={busy} submitLabel={t('pinOk')} testId="pin-entry" />}
    </main>
  );
}
