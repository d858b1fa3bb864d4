import { useEffect, useRef, useState } from 'react';
import { useKiosk, useT } from '../state/context';
import { MoreBelow } from './MoreBelow';
import { MyTrainingScreen } from './MyTrainingScreen';

export function GreetingScreen() {
  const { t } = useT();
  const session = useKiosk((s) => s.snapshot?.session ?? null);
  const busy = useKiosk((s) => s.busy);
  const startLesson = useKiosk((s) => s.startLesson);
  const startReview = useKiosk((s) => s.startReview);
  const signOut = useKiosk((s) => s.signOut);
  const startRef = useRef<HTMLButtonElement>(null);
  const scroller = useRef<HTMLElement>(null);
  // Keyed by worker: a badge switch while it is open shows the new worker's greeting, never the old record.
  const [trainingFor, setTrainingFor] = useState<string | null>(null);

  // The big button is where Enter should go: a keyboard user starts with one key.
  useEffect(() => startRef.current?.focus(), [session?.next?.id]);

  if (!session) return null;
  if (trainingFor === session.worker.id) return <MyTrainingScreen onBack={() => setTrainingFor(null)} />;
  const { worker, next, alternatives, review } = session;
  // A due review is ranked like a lesson, but it is played as a review session.
  const start = (lesson: { id: string; reasonCode: string }) => void (lesson.reasonCode === 'review-due' ? startReview() : startLesson(lesson.id));
  return (
    <main ref={scroller} className="screen greeting-screen">
      <header className="greeting-header">
        <h1 data-testid="greeting">{t('greeting', { name: worker.firstName })}</h1>
        <button type="button" className="button button-quiet" data-testid="my-training-open" onClick={() => setTrainingFor(session.worker.id)}>
          {t('myTraining')}
        </button>
        <button type="button" className="button button-quiet" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </header>
      {next ? (
        <section className="next-lesson" data-testid="next-lesson" aria-labelledby="next-lesson-title">
          <p className="eyebrow">{t('nextLesson')}</p>
          <h2 id="next-lesson-title">{next.title}</h2>
          <p className="lesson-meta">
            <span className="duration">{t('minutes', { n: next.durationMinutes })}</span>
            <span className="reason">{next.reason}</span>
          </p>
          {next.summary && <p className="summary">{next.summary}</p>}
          <button
            ref={startRef}
            type="button"
            className="button button-primary button-huge"
            data-testid="start-lesson"
            disabled={busy}
            onClick={() => start(next)}
          >
            {busy ? t('loading') : t('start')}
          </button>
        </section>
      ) : (
        <section className="all-caught-up" data-testid="caught-up">
          <h2>{t('caughtUp')}</h2>
          <p>{t('caughtUpDetail')}</p>
        </section>
      )}
      {review && next?.reasonCode !== 'review-due' && !alternatives.some((a) => a.reasonCode === 'review-due') && (
        <section className="review-offer" data-testid="review-offer" aria-labelledby="review-offer-title">
          <h2 id="review-offer-title">{t(review.kind === 'due' ? 'reviewDue' : 'reviewPractice')}</h2>
          <p className="lesson-meta">
            <span className="duration">{t('minutes', { n: review.estimatedMinutes })}</span>
            <span className="reason" data-testid="review-reason">{review.reason}</span>
          </p>
          <button
            ref={next ? undefined : startRef}
            type="button"
            className={next ? 'button' : 'button button-primary button-huge'}
            data-testid="start-review"
            disabled={busy}
            onClick={() => void startReview()}
          >
            {t('startReview')}
          </button>
        </section>
      )}
      {alternatives.length > 0 && (
        <section className="alternatives" aria-labelledby="alternatives-title">
          <h2 id="alternatives-title">{t('alternatives')}</h2>
          <ul>
            {alternatives.map((lesson) => (
              <li key={lesson.id}>
                <button
                  type="button"
                  className="button alternative"
                  data-testid={`alternative-${lesson.id}`}
                  disabled={busy}
                  onClick={() => start(lesson)}
                >
                  <span className="alt-title">{lesson.title}</span>
                  <span className="alt-meta">
                    {t('minutes', { n: lesson.durationMinutes })} · {lesson.reason}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <MoreBelow scroller={scroller} />
    </main>
  );
}
