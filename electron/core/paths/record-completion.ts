import type Database from 'better-sqlite3';
import type { AnswerRecord } from '../../../common/contracts/kiosk-api';
import type { CheckCard, Lesson } from '../../../common/contracts/lesson';
import { firstAnswers, gradeAnswers, type GradedAnswer } from '../../../common/grading/lesson-grading';
import { writeCompletion, type CompletionRecord } from '../completions/completion-writer';
import { recordItemAnswers } from './item-state-repo';

/**
 * A finished review session is stored as a completion of this pseudo-lesson, so it travels to the
 * server like any completion: the completion row, its item_results and its outbox row are written in
 * one transaction by writeCompletion (the outbox invariant), and the statement says a review was done
 * at this terminal with this score. A separate table would need its own outbox path for no gain.
 * The item_results rows carry the item ids; which lesson each item belongs to is in item_states.
 * Real lesson ids never collide with it in practice: publish no lesson called "review".
 */
export const REVIEW_LESSON_ID = 'review';

/** One knowledge check drawn into a review session, with the lesson it comes from. */
export interface DrawnItem {
  lesson: Lesson;
  card: CheckCard;
}

/** Grades review answers against the checks that were drawn; an answer to anything else is refused. */
export function gradeReviewAnswers(drawn: readonly DrawnItem[], answers: readonly AnswerRecord[]): (GradedAnswer & { lessonId: string })[] {
  const byItem = new Map(drawn.map((d) => [d.card.itemId, d]));
  return answers.map((a) => {
    const item = byItem.get(a.itemId);
    if (!item) throw new ReviewAnswerError(`Answer for item "${a.itemId}", which is not in this review session: start the review again and answer its questions.`);
    return { ...gradeAnswers(item.lesson, [a])[0]!, lessonId: item.lesson.id };
  });
}

export class ReviewAnswerError extends Error {}

export interface ReviewCompletionInput {
  /** Made by the renderer once per review session (see kioskCalls.completeReview). */
  completionId: string;
  workerId: string;
  language: string;
  drawn: readonly DrawnItem[];
  answers: readonly AnswerRecord[];
  durationMs: number;
  startedAt: Date;
  completedAt: Date;
  siteId: string;
  stationId: string;
}

/**
 * Records a review session and reschedules its items (first answer per item) in one transaction.
 * The score is the share of drawn items whose first answer was right; a review has no pass mark.
 */
export function recordReviewCompletion(db: Database.Database, input: ReviewCompletionInput): { completionId: string; score: number } {
  const graded = gradeReviewAnswers(input.drawn, input.answers);
  const counted = firstAnswers(graded);
  const score = counted.filter((g) => g.correct).length / input.drawn.length;
  const completionId = input.completionId;
  const record: CompletionRecord = {
    id: completionId,
    workerId: input.workerId,
    lessonId: REVIEW_LESSON_ID,
    lessonVersion: 1,
    language: input.language,
    score,
    passed: null,
    durationMs: input.durationMs,
    answers: graded.map(({ itemId, cardId, chosen, correct }) => ({ itemId, cardId, chosen, correct, answeredAt: input.completedAt })),
    startedAt: input.startedAt,
    completedAt: input.completedAt,
    siteId: input.siteId,
    stationId: input.stationId,
  };
  db.transaction(() => {
    writeCompletion(db, record);
    recordItemAnswers(db, input.workerId, counted, input.completedAt);
  }).immediate();
  return { completionId, score };
}

/** Records a lesson completion and reschedules the items it answered, all or nothing. */
export function recordLessonCompletion(db: Database.Database, record: CompletionRecord): void {
  db.transaction(() => {
    writeCompletion(db, record);
    recordItemAnswers(db, record.workerId, record.answers.map((a) => ({ itemId: a.itemId, lessonId: record.lessonId, correct: a.correct })), record.completedAt);
  }).immediate();
}
