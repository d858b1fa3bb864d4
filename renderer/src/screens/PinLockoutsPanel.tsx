import { useState } from 'react';
import type { DiagnosticsReport } from '../../../common/contracts/staff';
import type { Translate } from '../../../common/i18n/catalog';
import { useKioskApi } from '../state/context';
import { describeError, time } from './staff-strings';

/**
 * Locked PIN pads on this terminal and site IT's way to end them: lockouts escalate (5, 10, 20 ...
 * minutes, up to a day), so a supervisor locked out by a guesser waits for IT, whose PIN opened this screen.
 */
export function PinLockoutsPanel({ report, t, onCleared }: { report: DiagnosticsReport; t: Translate; onCleared: () => void }) {
  const api = useKioskApi();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const locked = report.pinLockouts;
  const clear = () => {
    setBusy(true);
    api
      .clearPinLockouts()
      .then(
        (r) => {
          setOutcome(t('diagLockoutsCleared', { n: r.cleared }));
          onCleared();
        },
        (err: unknown) => setOutcome(describeError(err)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="lockouts-title" data-testid="diag-lockouts" data-count={locked.length}>
      <h2 id="lockouts-title">{t('diagLockoutsTitle', { n: locked.length })}</h2>
      {outcome && (
        <p role="status" data-testid="diag-lockouts-outcome">
          {outcome}
        </p>
      )}
      {locked.length === 0 ? (
        <p className="muted">{t('diagLockoutsNone')}</p>
      ) : (
        <>
          <ul>
            {locked.map((l) => (
              <li key={l.subject}>{t('diagLockoutLine', { who: l.subject, until: time(l.until) })}</li>
            ))}
          </ul>
          <button type="button" className="button" data-testid="diag-clear-lockouts" disabled={busy} onClick={clear}>
            {t('diagClearLockouts')}
          </button>
        </>
      )}
    </section>
  );
}
