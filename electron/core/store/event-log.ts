import type Database from 'better-sqlite3';
import { preparedOnce } from './prepared';

const statements = preparedOnce((db) => ({
  insert: db.prepare('INSERT INTO events (at, kind, detail) VALUES (?, ?, ?)'),
  recent: db.prepare('SELECT id, at, kind, detail FROM events ORDER BY id DESC LIMIT ?'),
  pruneOld: db.prepare('DELETE FROM events WHERE at < ?'),
  pruneSurplus: db.prepare('DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?)'),
}));

export interface EventRetention {
  days: number;
  maxRows: number;
}

export const DEFAULT_EVENT_RETENTION: EventRetention = { days: 90, maxRows: 10_000 };
const PRUNE_EVERY = 500;

/**
 * Appends one row to the local event log site IT reads on the diagnostics screen, and every 500th
 * row prunes it to the retention (kiosk-config eventRetention). Never log secrets or full badge ids.
 */
export function logEvent(db: Database.Database, at: Date, kind: string, detail: string, retention: EventRetention = DEFAULT_EVENT_RETENTION): void {
  const id = Number(statements(db).insert.run(at.toISOString(), kind, detail).lastInsertRowid);
  if (id % PRUNE_EVERY === 0) pruneEvents(db, at, retention);
}

/** Deletes events older than `days` and all but the newest `maxRows`. Returns how many went. */
export function pruneEvents(db: Database.Database, now: Date, retention: EventRetention): number {
  const cutoff = new Date(now.getTime() - retention.days * 86_400_000).toISOString();
  const { pruneOld, pruneSurplus } = statements(db);
  return db.transaction(() => pruneOld.run(cutoff).changes + pruneSurplus.run(retention.maxRows).changes)();
}

export interface EventRow {
  id: number;
  at: string;
  kind: string;
  detail: string;
}

export function recentEvents(db: Database.Database, limit = 100): EventRow[] {
  return statements(db).recent.all(limit) as EventRow[];
}
