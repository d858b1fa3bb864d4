import type Database from 'better-sqlite3';
import type { GradedAnswer } from '../../../common/grading/lesson-grading';
import { preparedOnce } from '../store/prepared';

export type TimedAnswer = GradedAnswer & { answeredAt: Date };

/** The lesson attempt in play at this terminal, as kept in SQLite (migration 007). */
export interface StoredAttempt {
  workerId: string;
  lessonId: string;
  language: string;
  lessonVersion: number;
  completionId: string;
  startedAt: Date;
  /** Every answer graded in this attempt, retries included, in order. */
  answers: TimedAnswer[];
  /** Set once its completion is stored: a Done sent again gets that receipt. */
  recordedAt: Date | null;
}

interface AttemptRow {
  worker_id: string;
  lesson_id: string;
  language: string;
  lesson_version: number;
  completion_id: string;
  started_at: string;
  answers_json: string;
  recorded_at: string | null;
}

const statements = preparedOnce((db) => ({
  load: db.prepare('SELECT * FROM pending_attempt WHERE worker_id = ?'),
  clear: db.prepare('DELETE FROM pending_attempt'),
  keepOnly: db.prepare('DELETE FROM pending_attempt WHERE worker_id <> ?'),
  insert: db.prepare(
    `INSERT INTO pending_attempt (worker_id, lesson_id, language, lesson_version, completion_id, started_at, answers_json, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
  ),
  answers: db.prepare('UPDATE pending_attempt SET answers_json = ? WHERE completion_id = ?'),
  recorded: db.prepare('UPDATE pending_attempt SET recorded_at = ? WHERE completion_id = ?'),
}));

function fromRow(r: AttemptRow): StoredAttempt {
  const answers = (JSON.parse(r.answers_json) as (GradedAnswer & { answeredAt: string })[]).map((a) => ({ ...a, answeredAt: new Date(a.answeredAt) }));
  return {
    workerId: r.worker_id,
    lessonId: r.lesson_id,
    language: r.language,
    lessonVersion: r.lesson_version,
    completionId: r.completion_id,
    startedAt: new Date(r.started_at),
    answers,
    recordedAt: r.recorded_at === null ? null : new Date(r.recorded_at),
  };
}

export function loadAttempt(db: Database.Database, workerId: string): StoredAttempt | null {
  const row = statements(db).load.get(workerId) as AttemptRow | undefined;
  return row ? fromRow(row) : null;
}

/** The attempt now in play: it replaces any other at this terminal. */
export function saveNewAttempt(db: Database.Database, a: StoredAttempt): void {
  const q = statements(db);
  db.transaction(() => {
    q.clear.run();
    q.insert.run(a.workerId, a.lessonId, a.language, a.lessonVersion, a.completionId, a.startedAt.toISOString(), JSON.stringify(a.answers));
  })();
}

export function saveAttemptAnswers(db: Database.Database, completionId: string, answers: readonly TimedAnswer[]): void {
  statements(db).answers.run(JSON.stringify(answers), completionId);
}

/** Call in the transaction that stores the attempt's completion. */
export function markAttemptRecorded(db: Database.Database, completionId: string, at: Date): void {
  statements(db).recorded.run(at.toISOString(), completionId);
}

/** Nobody's attempt stays in play but this worker's (null: nobody's). */
export function dropAttemptsExcept(db: Database.Database, workerId: string | null): void {
  const q = statements(db);
  if (workerId === null) q.clear.run();
  else q.keepOnly.run(workerId);
}
