import type { AuditEntry, AuditKind } from '../../common/contracts/audit';
import type { Queryable } from '../db/db';

export interface AuditEvent {
  kind: AuditKind;
  subject?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Queryable, event: AuditEvent, at: Date): Promise<void> {
  await db.query('INSERT INTO audit_log (at, kind, subject, ip, detail) VALUES ($1, $2, $3, $4, $5)', [
    at.toISOString(),
    event.kind,
    event.subject ?? null,
    event.ip ?? null,
    JSON.stringify(event.detail ?? {}),
  ]);
}

export interface AuditQuery {
  limit: number;
  /** Entries older than this id (the last id of the previous page). */
  before?: number;
  kind?: AuditKind;
}

/** Newest first. */
export async function listAudit(db: Queryable, q: AuditQuery): Promise<AuditEntry[]> {
  const r = await db.query<{ id: number | string; at: Date; kind: AuditKind; subject: string | null; ip: string | null; detail: Record<string, unknown> }>(
    `SELECT id, at, kind, subject, ip, detail FROM audit_log
     WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR kind = $2)
     ORDER BY id DESC LIMIT $3`,
    [q.before ?? null, q.kind ?? null, q.limit],
  );
  return r.rows.map((row) => ({ id: Number(row.id), at: row.at.toISOString(), kind: row.kind, subject: row.subject, ip: row.ip, detail: row.detail }));
}
