import type Database from 'better-sqlite3';

/** Appends one row to the local event log site IT reads on the diagnostics screen. Never log secrets or full badge ids. */
export function logEvent(db: Database.Database, at: Date, kind: string, detail: string): void {
  db.prepare('INSERT INTO events (at, kind, detail) VALUES (?, ?, ?)').run(at.toISOString(), kind, detail);
}

export interface EventRow {
  id: number;
  at: string;
  kind: string;
  detail: string;
}

export function recentEvents(db: Database.Database, limit = 100): EventRow[] {
  return db.prepare('SELECT id, at, kind, detail FROM events ORDER BY id DESC LIMIT ?').all(limit) as EventRow[];
}
