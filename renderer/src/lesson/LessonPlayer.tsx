import { useEffect, useRef } from 'react';
import type { Card } from '../../../common/contracts/lesson';
import { useKiosk, useT } from '../state/context';
import { CheckCardView } from './cards/CheckCardView';
import { ImageCardView } from './cards/ImageCardView';
import { TextCardView } from './cards/TextCardView';
import { VideoCardView } from './cards/VideoCardView';

function CardView({ card }: { card: Card }) {
  const state = useKiosk((s) => (card.kind === 'check' ? (s.play?.answers[card.itemId] ?? null) : null));
  const answer = useKiosk((s) => s.answer);
  switch (card.kind) {
    case 'text':
      return <TextCardView markdown={card.markdown} />;
    case 'image':
      return <ImageCardView card={card} />;
    case 'video':
      return <VideoCardView card={card} />;
    case 'check':
      return <CheckCardView card={card} state={state} answer={answer} />;
  }
}

/** True when the key press belongs to a control that uses arrows itself (e.g. a video's seek bar). */
function arrowsOwnedByTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('video, input, select, textarea') !== null;
}

export function LessonPlayer() {
  const { t } = useT();
  const play = useKiosk((s) => s.play);
  const busy = useKiosk((s) => s.busy);
  const mustAnswer = useKiosk((s) => s.mustAnswer);
  const goToCard = useKiosk((s) => s.goToCard);
  const completeLesson = useKiosk((s) => s.completeLesson);
  const cardRef = useRef<HTMLElement>(null);

  const index = play?.cardIndex ?? 0;
  const total = play?.lesson.cards.length ?? 0;
  const card = play?.lesson.cards[index];
  const blocked = card?.kind === 'check' && !play?.answers[card.itemId];
  const last = index === total - 1;

  // Move focus to the new card so keyboard and screen-reader users start reading at its top.
  useEffect(() => cardRef.current?.focus({ preventScroll: false }), [index]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (arrowsOwnedByTarget(event.target)) return;
      if (event.key === 'ArrowRight' && !blocked && !last) goToCard(index + 1);
      else if (event.key === 'ArrowLeft') goToCard(index - 1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, blocked, last, goToCard]);

  if (!play || !card) return null;
  return (
    <main className="screen lesson-player" data-testid="lesson-player">
      <header className="player-header">
        <h1 className="player-title">{play.lesson.title}</h1>
        <div className="progress">
          <span className="card-index" data-testid="card-index">{t('cardOf', { n: index + 1, total })}</span>
          <div
            className="progress-bar"
            role="progressbar"
            aria-valuemin={1}
            aria-valuemax={total}
            aria-valuenow={index + 1}
            aria-label={t('cardOf', { n: index + 1, total })}
          >
            <div className="progress-fill" style={{ width: `${((index + 1) / total) * 100}%` }} />
          </div>
        </div>
      </header>
      {play.resumed && (
        <p className="resumed" role="status" data-testid="resumed">
          {t('continueWhereLeft')}
        </p>
      )}
      {/* In the tab order: a long card scrolls, and a keyboard user must be able to scroll it. */}
      <section className="card" key={card.id} ref={cardRef} tabIndex={0} data-card-kind={card.kind} data-testid="lesson-card">
        <CardView card={card} />
      </section>
      {(blocked || mustAnswer) && (
        <p className="hint" role="status">
          {t(mustAnswer ? 'answerRemaining' : 'answerToContinue')}
        </p>
      )}
      <nav className="player-nav">
        <button
          type="button"
          className="button nav-button"
          data-testid="prev-card"
          disabled={index === 0}
          onClick={() => goToCard(index - 1)}
        >
          ← {t('back')}
        </button>
        {last ? (
          <button
            type="button"
            className="button button-primary nav-button"
            data-testid="complete-lesson"
            disabled={blocked || busy}
            onClick={() => void completeLesson()}
          >
            {busy ? t('saving') : t('done')} ✓
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary nav-button"
            data-testid="next-card"
            disabled={blocked}
            onClick={() => goToCard(index + 1)}
          >
            {t('next')} →
          </button>
        )}
      </nav>
    </main>
  );
}
