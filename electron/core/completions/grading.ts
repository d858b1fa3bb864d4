import type { AnswerRecord } from '../../../common/contracts/kiosk-api';
import type { CheckCard, Lesson } from '../../../common/contracts/lesson';

export const PASS_THRESHOLD = 0.8;

export interface GradedAnswer {
  itemId: string;
  cardId: string;
  chosen: string[];
  /** Judged against the lesson here, not taken from the renderer. */
  correct: boolean;
}

export class AnswerMismatchError extends Error {}

function checkCards(lesson: Lesson): CheckCard[] {
  return lesson.cards.filter((c): c is CheckCard => c.kind === 'check');
}

export function isCorrectChoice(check: CheckCard, chosen: string[]): boolean {
  const right = new Set(check.options.filter((o) => o.correct).map((o) => o.id));
  const picked = new Set(chosen);
  return picked.size === right.size && [...picked].every((id) => right.has(id));
}

/** Grades each answer against the lesson's own checks; an answer to a check or option the lesson lacks is refused. */
export function gradeAnswers(lesson: Lesson, answers: AnswerRecord[]): GradedAnswer[] {
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
    return { itemId: a.itemId, cardId: check.id, chosen: a.chosen, correct: isCorrectChoice(check, a.chosen) };
  });
}

/**
 * Score and pass mark of an attempt. A lesson without checks has neither. With checks, the renderer's
 * score is used when given (it knows first-try vs retry); otherwise each item counts by its last answer.
 */
export function scoreAttempt(lesson: Lesson, graded: GradedAnswer[], reportedScore: number | null): { score: number | null; passed: boolean | null } {
  const checks = checkCards(lesson);
  if (checks.length === 0) return { score: null, passed: null };
  let score = reportedScore;
  if (score === null) {
    const last = new Map(graded.map((g) => [g.itemId, g.correct]));
    score = checks.filter((c) => last.get(c.itemId) === true).length / checks.length;
  }
  return { score, passed: score >= PASS_THRESHOLD };
}
