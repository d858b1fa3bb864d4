import { useEffect, useRef } from 'react';
import { useKiosk, useT } from '../state/context';

/** How long the confirmation stays before the terminal is free for the next worker. */
export const DONE_SCREEN_MS = 6000;

export function DoneScreen() {
  const { t } = useT();
  const done = useKiosk((s) => s.done);
  const signOut = useKiosk((s) => s.signOut);
  const finishRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    finishRef.current?.focus();
    const timer = setTimeout(() => void signOut(), DONE_SCREEN_MS);
    return () => clearTimeout(timer);
  }, [signOut]);

  if (!done) return null;
  return (
    <main className="screen done-screen" data-testid="done-screen">
      <div className="done-mark" aria-hidden="true">✓</div>
      <h1>{t(done.review ? 'reviewDone' : 'lessonDone')}</h1>
      {done.lessonTitle && <p className="done-title">{done.lessonTitle}</p>}
      <p className="done-score" data-testid="done-score">
        {done.score === null ? t('noScore') : t('scoreLine', { score: Math.round(done.score * 100) })}
      </p>
      <p className="done-returning">{t('returning')}</p>
      <button ref={finishRef} type="button" className="button button-primary" onClick={() => void signOut()}>
        {t('finishNow')}
      </button>
    </main>
  );
}
