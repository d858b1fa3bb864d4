import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { TERMINAL_SECURITY_EVENTS, type TerminalSecurityEvent, type TerminalSecurityEventKind } from '../../../common/contracts/security-events';

/** At most this many wait; a terminal cut off for long keeps the newest. */
const MAX_QUEUED = 1000;

export function isSecurityEventKind(kind: string): kind is TerminalSecurityEventKind {
  return (TERMINAL_SECURITY_EVENTS as readonly string[]).includes(kind);
}

export function queueSecurityEvent(db: Database.Database, kind: TerminalSecurityEventKind, detail: string, at: Date): void {
  db.prepare('INSERT INTO security_event_outbox (id, kind, detail, occurred_at) VALUES (?, ?, ?, ?)').run(crypto.randomUUID(), kind, detail.slice(0, 500), at.toISOString());
  db.prepare('DELETE FROM security_event_outbox WHERE id NOT IN (SELECT id FROM security_event_outbox ORDER BY occurred_at DESC LIMIT ?)').run(MAX_QUEUED);
}

/** The oldest queued events, in the shape the server takes. */
export function pendingSecurityEvents(db: Database.Database, limit: number): TerminalSecurityEvent[] {
  const rows = db.prepare('SELECT id, kind, detail, occurred_at FROM security_event_outbox ORDER BY occurred_at, id LIMIT ?').all(limit) as Array<{ id: string; kind: TerminalSecurityEventKind; detail: string; occurred_at: string }>;
  return rows.map((r) => ({ id: r.id, kind: r.kind, detail: r.detail, occurredAt: r.occurred_at }));
}

export function removeSentSecurityEvents(db: Database.Database, ids: string[]): void {
  const del = db.prepare('DELETE FROM security_event_outbox WHERE id = ?');
  db.transaction(() => ids.forEach((id) => del.run(id)))();
}
