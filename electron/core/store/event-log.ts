import type Database from 'better-sqlite3';
import { preparedOnce } from './prepared';

const statements = preparedOnce((db) => ({
  insert: db.prepare('INSERT INTO events (at, kind, detail) VALUES (?, ?, ?)'),
  recent: db.prepare('SELECT id, at, kind, detail FROM events ORDER BY id DESC LIMIT ?'),
}));

/** Appends one row to the local event log site IT reads on the diagnostics screen. Never log secrets or full badge ids. */
export function logEvent(db: Database.Database, at: Date, kind: string, detail: string): void {
  statements(db).insert.run(at.toISOString(), kind, detail);
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
