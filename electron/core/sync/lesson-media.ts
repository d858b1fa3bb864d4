import type Database from 'better-sqlite3';
import { lessonMediaHashes, lesson as lessonSchema, type Lesson } from '../../../common/contracts/lesson';
import { upsertLesson } from '../lessons/lesson-repo';

export type MediaPresent = (sha256: string) => boolean;

/**
 * A pulled lesson becomes playable only with all its media in the cache; until then it waits in
 * pending_lessons and whatever version was playable before stays playable. Call inside a transaction.
 */
export function stageLesson(db: Database.Database, l: Lesson, present: MediaPresent): 'playable' | 'waiting' {
  if (lessonMediaHashes(l).every(present)) {
    upsertLesson(db, l);
    db.prepare('DELETE FROM pending_lessons WHERE id = ? AND language = ?').run(l.id, l.language);
    return 'playable';
  }
  db.prepare(
    `INSERT INTO pending_lessons (id, language, version, json) VALUES (?, ?, ?, ?)
     ON CONFLICT(id, language) DO UPDATE SET version = excluded.version, json = excluded.json`,
  ).run(l.id, l.language, l.version, JSON.stringify(l));
  return 'waiting';
}

function pendingLessons(db: Database.Database): Lesson[] {
  return (db.prepare('SELECT json FROM pending_lessons ORDER BY id, language').pluck().all() as string[]).map((j) => lessonSchema.parse(JSON.parse(j)));
}

/** Media hashes waiting lessons need that the cache does not hold, in a stable order. */
export function missingMedia(db: Database.Database, present: MediaPresent): string[] {
  const wanted = new Set(pendingLessons(db).flatMap(lessonMediaHashes));
  return [...wanted].filter((h) => !present(h)).sort();
}

/** Makes every waiting lesson whose media are now all cached playable; returns how many. */
export function promoteReadyLessons(db: Database.Database, present: MediaPresent): number {
  const ready = pendingLessons(db).filter((l) => lessonMediaHashes(l).every(present));
  if (ready.length > 0) db.transaction(() => ready.forEach((l) => stageLesson(db, l, present)))();
  return ready.length;
}
