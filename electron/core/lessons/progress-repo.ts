import type Database from 'better-sqlite3';

export interface ResumePoint {
  lessonVersion: number;
  cardIndex: number;
}

export function getResumePoint(db: Database.Database, workerId: string, lessonId: string): ResumePoint | null {
  const row = db
    .prepare('SELECT lesson_version, card_index FROM progress WHERE worker_id = ? AND lesson_id = ?')
    .get(workerId, lessonId) as { lesson_version: number; card_index: number } | undefined;
  return row ? { lessonVersion: row.lesson_version, cardIndex: row.card_index } : null;
}

export function saveResumePoint(db: Database.Database, workerId: string, lessonId: string, point: ResumePoint, at: Date): void {
  db.prepare(
    `INSERT INTO progress (worker_id, lesson_id, lesson_version, card_index, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(worker_id, lesson_id) DO UPDATE SET lesson_version = excluded.lesson_version,
       card_index = excluded.card_index, updated_at = excluded.updated_at`,
  ).run(workerId, lessonId, point.lessonVersion, point.cardIndex, at.toISOString());
}

export function clearResumePoint(db: Database.Database, workerId: string, lessonId: string): void {
  db.prepare('DELETE FROM progress WHERE worker_id = ? AND lesson_id = ?').run(workerId, lessonId);
}

/**
 * Where a worker re-enters a lesson: the saved card, unless the lesson changed since (its cards may
 * have moved) or the saved index no longer exists.
 */
export function resumeCardIndex(point: ResumePoint | null, lessonVersion: number, cardCount: number): number {
  if (!point || point.lessonVersion !== lessonVersion || point.cardIndex >= cardCount) return 0;
  return point.cardIndex;
}
