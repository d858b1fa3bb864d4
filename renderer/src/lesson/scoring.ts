import type { AnswerRecord } from '../../../common/contracts/kiosk-api';
import type { CheckCard, Lesson } from '../../../common/contracts/lesson';
import { checkCards, isCorrectChoice } from '../../../common/grading/lesson-grading';

/**
 * The answers of one lesson play, for immediate feedback on screen. A worker may retry after a wrong
 * answer (so they leave knowing the right one); the core scores from the first answers
 * (common/grading/lesson-grading.ts), so retries teach but do not raise the score.
 */

export interface ItemState {
  /** The answer that counts; never replaced once set. */
  first: AnswerRecord;
  /** The most recent attempt, which is what the feedback on screen describes. */
  latest: AnswerRecord;
}

/** Answers of one lesson play, by knowledge-check item id. */
export type AnswerBook = Readonly<Record<string, ItemState>>;

/** Records one attempt; returns the new book and the record to send to the core. */
export function recordAttempt(
  book: AnswerBook,
  card: CheckCard,
  chosen: readonly string[],
): { book: AnswerBook; record: AnswerRecord } {
  const known = new Set(card.options.map((o) => o.id));
  const cleaned = [...new Set(chosen)].filter((id) => known.has(id));
  if (cleaned.length === 0) throw new Error(`no valid option chosen for check "${card.id}"; pick one of its options`);
  const record: AnswerRecord = { itemId: card.itemId, cardId: card.id, chosen: cleaned, correct: isCorrectChoice(card, cleaned) };
  const previous = book[card.itemId];
  return { book: { ...book, [card.itemId]: { first: previous?.first ?? record, latest: record } }, record };
}

/** The answers that count, in card order, as completeLesson expects them. */
export function countedAnswers(lesson: Lesson, book: AnswerBook): AnswerRecord[] {
  return checkCards(lesson).flatMap((c) => {
    const state = book[c.itemId];
    return state ? [state.first] : [];
  });
}

/** Index of the first check card not yet answered (e.g. skipped by resuming past it), or null. */
export function firstUnansweredCheck(lesson: Lesson, book: AnswerBook): number | null {
  const index = lesson.cards.findIndex((c) => c.kind === 'check' && !book[c.itemId]);
  return index === -1 ? null : index;
}
