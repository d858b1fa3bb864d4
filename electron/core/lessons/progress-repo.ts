import type Database from 'better-sqlite3';
import { preparedOnce } from '../store/prepared';

const statements = preparedOnce((db) => ({
  get: db.prepare('SELECT lesson_version, card_index, card_id FROM progress WHERE worker_id = ? AND lesson_id = ?'),
  save: db.prepare(
    `INSERT INTO progress (worker_id, lesson_id, lesson_version, card_index, card_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(worker_id, lesson_id) DO UPDATE SET lesson_version = excluded.lesson_version,
       card_index = excluded.card_index, card_id = excluded.card_id, updated_at = excluded.updated_at`,
  ),
}));

export interface ResumePoint {
  lessonVersion: number;
  cardIndex: number;
  /** Id of the card at cardIndex when saved; null for points saved before card ids were kept. */
  cardId: string | null;
}

export function getResumePoint(db: Database.Database, workerId: string, lessonId: string): ResumePoint | null {
  const row = statements(db).get.get(workerId, lessonId) as { lesson_version: number; card_index: number; card_id: string | null } | undefined;
  return row ? { lessonVersion: row.lesson_version, cardIndex: row.card_index, cardId: row.card_id } : null;
}

export function saveResumePoint(db: Database.Database, workerId: string, lessonId: string, point: ResumePoint, at: Date): void {
  statements(db).save.run(workerId, lessonId, point.lessonVersion, point.cardIndex, point.cardId, at.toISOString());
}

/**
 * Where a worker re-enters a lesson: the saved card while the card at that index is still the same
 * card (same id; content-pack card ids are content hashes, so a new lesson version or another
 * language that left it unchanged keeps the place), else the first card. Points saved without a
 * card id keep their place only within the same lesson version.
 */
export function resumeCardIndex(point: ResumePoint | null, lesson: { version: number; cards: readonly { id: string }[] }): number {
  if (!point || point.cardIndex >= lesson.cards.length) return 0;
  const same = point.cardId === null ? point.lessonVersion === lesson.version : lesson.cards[point.cardIndex].id === point.cardId;
  return same ? point.cardIndex : 0;
}
