import { useEffect, useRef } from 'react';
import { useKiosk, useT } from '../state/context';
import { CheckCardView } from './cards/CheckCardView';

/** A short review: one knowledge check per screen, drawn by the core from lessons the worker has done. */
export function ReviewPlayer() {
  const { t } = useT();
  const review = useKiosk((s) => s.review);
  const busy = useKiosk((s) => s.busy);
  const answer = useKiosk((s) => s.answerReview);
  const nextItem = useKiosk((s) => s.nextReviewItem);
  const completeReview = useKiosk((s) => s.completeReview);
  const cardRef = useRef<HTMLElement>(null);
  const index = review?.index ?? 0;

  useEffect(() => cardRef.current?.focus({ preventScroll: false }), [index]);

  if (!review) return null;
  const total = review.items.length;
  const item = review.items[index];
  if (!item) return null;
  const state = review.answers[item.card.itemId] ?? null;
  const last = index === total - 1;
  return (
    <main className="screen lesson-player review-player" data-testid="review-player">
      <header className="player-header">
        <p className="eyebrow" data-testid="review-lesson">{item.lessonTitle}</p>
        <div className="progress">
          <span data-testid="review-index">{t('questionOf', { n: index + 1, total })}</span>
          <div className="progress-bar" role="progressbar" aria-valuemin={1} aria-valuemax={total} aria-valuenow={index + 1} aria-label={t('questionOf', { n: index + 1, total })}>
            <div className="progress-fill" style={{ width: `${((index + 1) / total) * 100}%` }} />
          </div>
        </div>
      </header>
      <section className="card" key={item.card.id + index} ref={cardRef} tabIndex={-1} data-card-kind="check" data-testid="lesson-card">
        <CheckCardView card={item.card} state={state} answer={answer} />
      </section>
      {!state && (
        <p className="hint" role="status">
          {t('answerToContinue')}
        </p>
      )}
      <nav className="player-nav">
        {last ? (
          <button type="button" className="button button-primary nav-button" data-testid="complete-review" disabled={!state || busy} onClick={() => void completeReview()}>
            {busy ? t('saving') : t('done')} ✓
          </button>
        ) : (
          <button type="button" className="button button-primary nav-button" data-testid="next-card" disabled={!state} onClick={nextItem}>
            {t('next')} →
          </button>
        )}
      </nav>
    </main>
  );
}
