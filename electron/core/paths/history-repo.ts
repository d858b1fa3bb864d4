import type Database from 'better-sqlite3';
import type { Completion } from '../../../common/paths';
import { preparedOnce } from '../store/prepared';
import { REVIEW_LESSON_ID } from './record-completion';

const statements = preparedOnce((db) => ({
  history: db.prepare(
    `SELECT lesson_id, lesson_version, completed_at, score, passed FROM completions
      WHERE worker_id = ? AND lesson_id <> ? ORDER BY completed_at`,
  ),
}));

interface CompletionRow {
  lesson_id: string;
  lesson_version: number;
  completed_at: string;
  score: number | null;
  passed: number | null;
}

/** The worker's finished lessons, oldest first; review sessions are not lessons and are left out. */
export function loadHistory(db: Database.Database, workerId: string): Completion[] {
  const rows = statements(db).history.all(workerId, REVIEW_LESSON_ID) as CompletionRow[];
  return rows.map((r) => ({
    lessonId: r.lesson_id,
    version: r.lesson_version,
    completedAt: r.completed_at,
    score: r.score,
    passed: r.passed === null ? null : r.passed === 1,
  }));
}
