import type { AnswerRecord } from '../contracts/kiosk-api';
import type { CheckCard, Lesson } from '../contracts/lesson';

/**
 * Grading of knowledge checks, once for the kiosk core (which records the score) and the renderer
 * (which only shows immediate feedback). A worker may retry a check after a wrong answer so they
 * leave knowing the right one, but only the first answer to each check counts: a retry shows they
 * learnt it just now, not that they knew it. A lesson passes at PASS_THRESHOLD of its checks.
 */

export const PASS_THRESHOLD = 0.8;

export interface GradedAnswer {
  itemId: string;
  cardId: string;
  chosen: string[];
  /** Judged against the lesson, never taken from the sender. */
  correct: boolean;
}

export class AnswerMismatchError extends Error {}

export function checkCards(lesson: Lesson): CheckCard[] {
  return lesson.cards.filter((c): c is CheckCard => c.kind === 'check');
}

/** True when the chosen options are exactly the correct ones (order does not matter). */
export function isCorrectChoice(check: CheckCard, chosen: readonly string[]): boolean {
  const right = new Set(check.options.filter((o) => o.correct).map((o) => o.id));
  const picked = new Set(chosen);
  return picked.size === right.size && [...picked].every((id) => right.has(id));
}

/** Grades each answer against the lesson's own checks; an answer to a check or option the lesson lacks is refused. */
export function gradeAnswers(lesson: Lesson, answers: readonly AnswerRecord[]): GradedAnswer[] {
  const checks = new Map(checkCards(lesson).map((c) => [c.itemId, c]));
  return answers.map((a) => {
    const check = checks.get(a.itemId);
    if (!check) {
      throw new AnswerMismatchError(`Answer for item "${a.itemId}", which is not a knowledge check in lesson "${lesson.id}" version ${lesson.version}: reload the lesson and answer again.`);
    }
    const unknown = a.chosen.find((id) => !check.options.some((o) => o.id === id));
    if (unknown !== undefined) {
      throw new AnswerMismatchError(`Answer for item "${a.itemId}" chose option "${unknown}", which the check does not have: reload the lesson and answer again.`);
    }
    return { itemId: a.itemId, cardId: check.id, chosen: [...a.chosen], correct: isCorrectChoice(check, a.chosen) };
  });
}

/** The first answer to each item, in answer order. */
export function firstAnswers<T extends { itemId: string }>(answers: readonly T[]): T[] {
  const seen = new Set<string>();
  return answers.filter((a) => !seen.has(a.itemId) && seen.add(a.itemId));
}

/**
 * Score and pass mark of a lesson attempt from its graded answers, in the order they were given:
 * the share of the lesson's checks whose first answer was right (an unanswered check counts as
 * wrong). A lesson without checks has neither score nor pass mark.
 */
export function scoreLesson(lesson: Lesson, graded: readonly GradedAnswer[]): { score: number | null; passed: boolean | null } {
  const checks = checkCards(lesson);
  if (checks.length === 0) return { score: null, passed: null };
  const first = new Map(firstAnswers(graded).map((g) => [g.itemId, g.correct]));
  const score = checks.filter((c) => first.get(c.itemId) === true).length / checks.length;
  return { score, passed: score >= PASS_THRESHOLD };
}
