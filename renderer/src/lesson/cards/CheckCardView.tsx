import { useEffect, useRef, useState } from 'react';
import type { CheckCard } from '../../../../common/contracts/lesson';
import { useT } from '../../state/context';
import type { ItemState } from '../scoring';

/**
 * A knowledge check. Single and true/false answer on the first press; multiple choice toggles
 * options and answers on Check. Feedback follows every attempt; after a wrong one the worker can
 * try again (the score keeps the first attempt), after a right one the answer is locked.
 * The lesson player and the review player both use it; each keeps its own answers.
 */
export function CheckCardView({ card, state, answer }: { card: CheckCard; state: ItemState | null; answer: (card: CheckCard, chosen: string[]) => void }) {
  const { t } = useT();
  const [selected, setSelected] = useState<string[]>([]);
  const latest = state?.latest ?? null;
  const locked = latest?.correct === true;
  const multiple = card.mode === 'multiple';

  const press = (optionId: string) => {
    if (locked) return;
    if (multiple) {
      setSelected((s) => (s.includes(optionId) ? s.filter((id) => id !== optionId) : [...s, optionId]));
    } else {
      answer(card, [optionId]);
    }
  };

  const optionClass = (optionId: string): string => {
    const classes = ['button', 'option'];
    const isChosen = latest?.chosen.includes(optionId) ?? false;
    if (multiple && selected.includes(optionId)) classes.push('option-selected');
    if (isChosen) {
      const option = card.options.find((o) => o.id === optionId);
      classes.push(option?.correct ? 'option-right' : 'option-wrong');
    }
    return classes.join(' ');
  };

  return (
    <div className="card-check">
      <h2 className="question" id={`q-${card.id}`}>
        {card.question}
      </h2>
      <div className="options" role="group" aria-labelledby={`q-${card.id}`}>
        {card.options.map((option) => (
          <button
            key={option.id}
            type="button"
            className={optionClass(option.id)}
            data-testid={`check-option-${option.id}`}
            aria-pressed={multiple ? selected.includes(option.id) : (latest?.chosen.includes(option.id) ?? false)}
            aria-disabled={locked}
            onClick={() => press(option.id)}
          >
            {option.text}
          </button>
        ))}
      </div>
      {multiple && (
        <button
          type="button"
          className="button button-primary check-button"
          data-testid="check-answer"
          disabled={locked || selected.length === 0}
          onClick={() => answer(card, selected)}
        >
          {t('check')}
        </button>
      )}
      {/* Always in the page, so screen readers announce the feedback that appears in it. */}
      <div className="feedback-live" role="status" aria-live="polite">
        {latest && <Feedback card={card} state={state!} />}
      </div>
    </div>
  );
}

function Feedback({ card, state }: { card: CheckCard; state: ItemState }) {
  const { t } = useT();
  const { latest } = state;
  const notes = card.options.filter((o) => latest.chosen.includes(o.id) && o.feedback);
  const box = useRef<HTMLDivElement>(null);
  // Each answer's feedback is brought into view: on a short screen it lands below the options.
  // Again when the window changes (zoom, rotation), which moves it.
  useEffect(() => {
    const show = () => box.current?.scrollIntoView?.({ block: 'nearest' });
    show();
    window.addEventListener('resize', show);
    return () => window.removeEventListener('resize', show);
  }, [latest]);
  return (
    <div ref={box} className={`feedback ${latest.correct ? 'feedback-right' : 'feedback-wrong'}`} data-testid="check-feedback" data-correct={latest.correct}>
      <p className="feedback-verdict">{latest.correct ? `✓ ${t('correct')}` : `✗ ${t('incorrect')}`}</p>
      {notes.map((o) => (
        <p key={o.id} className="feedback-option">
          {o.feedback}
        </p>
      ))}
      {card.explanation && <p className="feedback-explanation">{card.explanation}</p>}
      {!latest.correct && <p className="feedback-retry">{t('tryAgain')}</p>}
    </div>
  );
}
