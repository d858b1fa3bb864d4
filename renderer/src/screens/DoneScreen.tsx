import { useEffect, useRef } from 'react';
import { useKiosk, useT } from '../state/context';
import { nextOnDone } from '../state/screen';

/** How long the confirmation stays before the terminal is free for the next worker. */
export const DONE_SCREEN_MS = 6000;
/** Longer when the screen offers a choice (next lesson, retake): it has to be read first. */
export const DONE_CHOICE_MS = 15_000;

/**
 * After a lesson or review: passed (a tick, the score, and the next required lesson when it fits
 * the worker's few minutes) or not passed yet (no tick; take it again now or ask the supervisor).
 */
export function DoneScreen() {
  const { t } = useT();
  const done = useKiosk((s) => s.done);
  const next = useKiosk((s) => nextOnDone(s.snapshot?.session ?? null));
  const busy = useKiosk((s) => s.busy);
  const signOut = useKiosk((s) => s.signOut);
  const startLesson = useKiosk((s) => s.startLesson);
  const firstRef = useRef<HTMLButtonElement>(null);

  const failed = done?.passed === false;
  const retake = failed && !done.review ? done.lessonId : null;
  const offered = failed ? null : next;
  const waitMs = retake || offered ? DONE_CHOICE_MS : DONE_SCREEN_MS;

  useEffect(() => {
    firstRef.current?.focus();
    const timer = setTimeout(() => void signOut(), waitMs);
    return () => clearTimeout(timer);
  }, [signOut, waitMs]);

  if (!done) return null;
  const score = done.score === null ? null : Math.round(done.score * 100);
  return (
    <main className={`screen done-screen${failed ? ' done-failed' : ''}`} data-testid="done-screen" data-passed={String(done.passed)}>
      {failed ? (
        <div className="done-mark done-mark-failed" aria-hidden="true">↻</div>
      ) : (
        <div className="done-mark" aria-hidden="true">✓</div>
      )}
      <h1 data-testid="done-title">{t(failed ? 'notPassedYet' : done.review ? 'reviewDone' : 'lessonDone')}</h1>
      {done.lessonTitle && <p className="done-title">{done.lessonTitle}</p>}
      <p className="done-score" data-testid="done-score">
        {score === null ? t('noScore') : t('scoreLine', { score })}
      </p>
      {failed && (
        <p className="done-what-next" data-testid="done-what-next">
          {t(retake ? 'notPassedWhatToDo' : 'reviewNotPassedWhatToDo')}
        </p>
      )}
      <div className="done-actions">
        {retake && (
          <button ref={firstRef} type="button" className="button button-primary button-huge" data-testid="retake-lesson" disabled={busy} onClick={() => void startLesson(retake)}>
            ↻ {t('retakeNow')}
          </button>
        )}
        {offered && (
          <button ref={firstRef} type="button" className="button button-primary button-huge next-on-done" data-testid="next-on-done" disabled={busy} onClick={() => void startLesson(offered.id)}>
            <span>{t('nextLessonNow')} →</span>
            <span className="alt-meta">
              {offered.title} · {t('minutes', { n: offered.durationMinutes })}
            </span>
          </button>
        )}
        <button
          ref={retake || offered ? undefined : firstRef}
          type="button"
          className={retake || offered ? 'button' : 'button button-primary'}
          data-testid="finish"
          onClick={() => void signOut()}
        >
          {t(retake || offered ? 'imDone' : 'finishNow')}
        </button>
      </div>
      <p className="done-returning">{t('returning')}</p>
    </main>
  );
}
