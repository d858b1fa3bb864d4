import type { AnswerRecord } from '../../../common/contracts/kiosk-api';
import type { CheckCard, Lesson } from '../../../common/contracts/lesson';

/**
 * Knowledge-check scoring. A worker may retry after a wrong answer (so they leave knowing the right
 * one), but only the first answer to each item counts: retries teach, they do not raise the score.
 */

export interface ItemState {
  /** The answer that counts; never replaced once set. */
  first: AnswerRecord;
  /** The most recent attempt, which is what the feedback on screen describes. */
  latest: AnswerRecord;
}

/** Answers of one lesson play, by knowledge-check item id. */
export type AnswerBook = Readonly<Record<string, ItemState>>;

/** True when the chosen options are exactly the correct ones (order does not matter). */
export function isCorrectChoice(card: CheckCard, chosen: readonly string[]): boolean {
  const correct = new Set(card.options.filter((o) => o.correct).map((o) => o.id));
  const picked = new Set(chosen);
  if (picked.size !== correct.size) return false;
  for (const id of picked) if (!correct.has(id)) return false;
  return true;
}

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

function checkCards(lesson: Lesson): CheckCard[] {
  return lesson.cards.filter((c): c is CheckCard => c.kind === 'check');
}

/** Share of the lesson's checks whose first answer was right; null when the lesson has no checks. */
export function lessonScore(lesson: Lesson, book: AnswerBook): number | null {
  const checks = checkCards(lesson);
  if (checks.length === 0) return null;
  const right = checks.filter((c) => book[c.itemId]?.first.correct === true).length;
  return right / checks.length;
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
