import { z } from 'zod';
import type { Queryable } from '../db/db';

/**
 * What the audit log records. Each entry names who or what was tried and from where, never the
 * secret that was sent.
 */
export const AUDIT_KINDS = [
  /** A dashboard sign-in with a wrong email or password (subject: the email as typed, lower-cased). */
  'login-failed',
  /** The failure that locked a dashboard account for the lockout window. */
  'login-locked',
  /** A refused secret on an API route: terminal credential, LRS key, admin token, enrollment code. */
  'auth-failed',
  /** The failure that made a client (IP or credential) hit the failed-secret rate limit. */
  'auth-throttled',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const auditEntry = z
  .object({
    id: z.number().int(),
    at: z.string().describe('ISO 8601'),
    kind: z.enum(AUDIT_KINDS),
    subject: z.string().nullable().describe('email, terminal id or LRS key id that was tried; null when the secret names no one'),
    ip: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .describe('audit log entry');
export type AuditEntry = z.infer<typeof auditEntry>;

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
