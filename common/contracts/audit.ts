import { z } from 'zod';

/**
 * The server's audit log (GET /api/v1/admin/audit-log), read by admins in the dashboard and over the
 * API. Each entry names who or what was tried and from where, never the secret that was sent.
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
  /**
   * A state-changing admin call, done or refused (subject: the dashboard user's email or the admin
   * token's label; detail: actor, method, route, action, target ids, status).
   */
  'admin-action',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const auditEntry = z
  .object({
    id: z.number().int(),
    at: z.string().describe('ISO 8601'),
    kind: z.enum(AUDIT_KINDS),
    subject: z.string().nullable().describe('email, terminal id, LRS key id or admin token label that was tried or acted; null when the secret names no one'),
    ip: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .describe('audit log entry');
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditLogPage = z
  .object({
    entries: z.array(auditEntry),
    nextBefore: z.number().int().nullable().describe('pass as ?before= for the next (older) page; null on the last page'),
  })
  .describe('audit log page');
export type AuditLogPage = z.infer<typeof auditLogPage>;
