import { useEffect, useLayoutEffect, useState } from 'react';
import { useKiosk, useKioskApi, useT } from '../state/context';

/** Whole seconds left until `signOutAt`, never below 0. Pure, for tests. */
export function secondsLeft(signOutAt: string, nowMs: number): number {
  return Math.max(0, Math.ceil((Date.parse(signOutAt) - nowMs) / 1000));
}

/**
 * "Still there?": the core is about to sign the worker out for idleness. Any touch or key on it
 * tells the core at once (not after the activity throttle) and the warning goes away.
 */
export function IdleWarning() {
  const { t } = useT();
  const api = useKioskApi();
  const warning = useKiosk((s) => (s.snapshot?.session ? (s.snapshot.idleWarning ?? null) : null));
  const [now, setNow] = useState(() => Date.now());

  // A new warning counts from now, not from when this screen was mounted (before it is painted).
  useLayoutEffect(() => setNow(Date.now()), [warning]);
  // The countdown moves on while nobody touches the screen (that is the point of it).
  useEffect(() => {
    if (!warning) return;
    const timer = setTimeout(() => setNow(Date.now()), 250);
    return () => clearTimeout(timer);
  }, [warning, now]);

  if (!warning) return null;
  const stay = () => void api.reportActivity().catch(() => undefined);
  return (
    <div className="idle-overlay" data-testid="idle-warning" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-detail" onPointerDown={stay} onKeyDown={stay}>
      <div className="idle-box">
        <h1 id="idle-title">{t('stillThere')}</h1>
        <p id="idle-detail" aria-live="polite" data-testid="idle-countdown">
          {t('signingOutIn', { n: secondsLeft(warning.signOutAt, now) })}
        </p>
        <button type="button" className="button button-primary button-huge" data-testid="still-here" autoFocus onClick={stay}>
          {t('stillHere')}
        </button>
      </div>
    </div>
  );
}
