import type Database from 'better-sqlite3';
import { preparedOnce } from '../store/prepared';
import type { GradedAnswer } from '../../../common/grading/lesson-grading';

export interface CompletionRecord {
  /** The xAPI statement id, made here on the terminal so a retried upload is recognised as the same one. */
  id: string;
  workerId: string;
  lessonId: string;
  lessonVersion: number;
  language: string;
  score: number | null;
  passed: boolean | null;
  durationMs: number;
  answers: (GradedAnswer & { answeredAt: Date })[];
  startedAt: Date;
  completedAt: Date;
  siteId: string;
  stationId: string;
}

const statements = preparedOnce((db) => ({
  insertCompletion: db.prepare(
    `INSERT INTO completions (id, worker_id, lesson_id, lesson_version, language, score, passed, duration_ms, answers_json,
                              started_at, completed_at, site_id, station_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  insertItem: db.prepare(
    `INSERT INTO item_results (completion_id, worker_id, lesson_id, item_id, chosen_json, correct, answered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
  insertOutbox: db.prepare('INSERT INTO outbox (statement_id, created_at, next_try_at) VALUES (?, ?, ?)'),
  clearProgress: db.prepare('DELETE FROM progress WHERE worker_id = ? AND lesson_id = ?'),
  stored: db.prepare('SELECT worker_id, lesson_id, score, passed FROM completions WHERE id = ?'),
}));

/**
 * Writes the completion, one item_results row per answer, and the outbox row that will carry it to the
 * server, and clears the resume point: all or nothing, so a completion is never stored without being
 * queued for sync (nor queued without being stored). The connection runs with synchronous=FULL.
 */
export function writeCompletion(db: Database.Database, c: CompletionRecord): void {
  const { insertCompletion, insertItem, insertOutbox, clearProgress } = statements(db);
  db.transaction(() => {
    const completedAt = c.completedAt.toISOString();
    insertCompletion.run(
      c.id,
      c.workerId,
      c.lessonId,
      c.lessonVersion,
      c.language,
      c.score,
      c.passed === null ? null : Number(c.passed),
      c.durationMs,
      JSON.stringify(c.answers.map(({ itemId, cardId, chosen, correct, answeredAt }) => ({ itemId, cardId, chosen, correct, answeredAt: answeredAt.toISOString() }))),
      c.startedAt.toISOString(),
      completedAt,
      c.siteId,
      c.stationId,
    );
    for (const a of c.answers) {
      insertItem.run(c.id, c.workerId, c.lessonId, a.itemId, JSON.stringify(a.chosen), Number(a.correct), a.answeredAt.toISOString());
    }
    insertOutbox.run(c.id, completedAt, completedAt);
    clearProgress.run(c.workerId, c.lessonId);
  }).immediate();
}

/** What a completion already stored under this id said, for answering a retried Done the same way. */
export function findStoredCompletion(
  db: Database.Database,
  id: string,
): { workerId: string; lessonId: string; score: number | null; passed: boolean | null } | null {
  const row = statements(db).stored.get(id) as
    | { worker_id: string; lesson_id: string; score: number | null; passed: number | null }
    | undefined;
  return row ? { workerId: row.worker_id, lessonId: row.lesson_id, score: row.score, passed: row.passed === null ? null : row.passed === 1 } : null;
}
