import { z } from 'zod';
import { lesson } from './lesson';

/**
 * Terminal <-> server sync payloads (HTTP API v1, see GET /openapi.json on the server). The server validates
 * requests with these schemas and the kiosk sync client validates responses with them.
 *
 * Auth: terminal calls send `Authorization: Bearer <terminalId>.<credential>` (from enrollment).
 * Errors always come as `apiError`: a machine-readable code and a message naming the problem and fix.
 */

export const apiError = z.object({ error: z.string(), message: z.string() });
export type ApiError = z.infer<typeof apiError>;

/** 409 from POST /xapi/statements: the batch was refused as a whole; these ids carry different content. */
export const statementConflict = apiError.extend({ error: z.literal('statement-conflict'), statementIds: z.array(z.string()) });
export type StatementConflict = z.infer<typeof statementConflict>;

/**
 * Error codes with which POST /xapi/statements refuses a statement for its own content. A terminal
 * gives a statement up (quarantine, reversible by site IT) only on one of these in this server's
 * JSON answer; anything else is retried. A new refusal of statement content must be listed here.
 */
export const STATEMENT_REFUSAL_CODES: readonly string[] = ['invalid-statement', 'duplicate-statement-id', 'statement-conflict', 'wrong-site', 'timestamp-in-future', 'statement-not-found'];

export const slugId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'ids are 1-64 lowercase letters, digits, dot, dash or underscore');

// ---- enrollment: POST /api/v1/enroll ----

export const enrollRequest = z
  .object({
    /** As printed by `server enroll`; case, spaces and dashes do not matter. */
    code: z.string().min(1).max(64),
    terminalName: z.string().min(1).max(120),
    /**
     * Random, made by the terminal once per code and sent again on every retry of it: a retry whose
     * answer was lost is answered again (same terminal, new credential) for a short while after the
     * code was used. Absent (older terminals): a retry is refused as a used code.
     */
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43,128}$/, 'requestId is 43-128 base64url characters (32 or more random bytes): make it once per enrollment code and send the same one on every retry')
      .optional(),
  })
  .strict();
export type EnrollRequest = z.infer<typeof enrollRequest>;

export const enrollResponse = z.object({
  terminalId: z.uuid(),
  /** Shown once; the server keeps only its hash. Send as `Bearer <terminalId>.<credential>`. */
  credential: z.string().min(32),
  site: z.object({ id: z.string(), name: z.string() }),
  station: z.object({ id: z.string(), name: z.string() }),
  /** The server's canonical URL: the base of every actor homePage, activity id and extension IRI the terminal writes. */
  publicUrl: z.url().optional(),
  /** The site's PIN pepper (base64url): staff PIN hashes arrive keyed with it; kept sealed with the OS keystore. */
  pinPepper: z.string().min(32).max(128).optional(),
});
export type EnrollResponse = z.infer<typeof enrollResponse>;

// ---- pull: GET /api/v1/sync/pull?cursor=N&limit=500 ----

export const PULL_LIMIT_MAX = 1000;

export const pullQuery = z
  .object({
    /** nextCursor of the previous page; 0 (or absent) for everything. */
    cursor: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(500),
  })
  .strict();
export type PullQuery = z.infer<typeof pullQuery>;

export const siteData = z.object({ id: z.string(), name: z.string() });
export const stationData = z.object({ id: z.string(), siteId: z.string(), name: z.string() });
export const workerData = z.object({
  employeeId: z.string(),
  displayName: z.string(),
  language: z.string(),
  siteId: z.string(),
  roles: z.array(z.string()),
  stations: z.array(z.string()),
  active: z.boolean(),
  /** From the HR roster's supervisor column: may open the station board (with a PIN). Absent from older servers. */
  supervisor: z.boolean().optional(),
});
export const badgeData = z.object({ badgeId: z.string(), employeeId: z.string() });
/** Lessons are global (siteId null, every site gets them) or belong to one site. */
export const lessonData = z.object({ siteId: z.string().nullable(), lesson });
/** Who must do a lesson: everyone at a station, everyone with a role, or one worker (null = any). */
export const assignmentData = z.object({
  id: z.string(),
  siteId: z.string(),
  lessonId: z.string(),
  stationId: z.string().nullable(),
  role: z.string().nullable(),
  employeeId: z.string().nullable(),
  dueAt: z.string().nullable(),
});

/**
 * What a role requires, at every site (roles mean the same everywhere). Replace the terminal's
 * requirements for this role with these lists (common/paths Requirement). Requirement kinds are
 * never sent as deletes: a removed requirement arrives as an upsert with both lists empty.
 */
const requirementTerms = {
  /** In step order. */
  lessons: z.array(z.string()),
  skills: z.array(z.string()),
  /** Days a completion counts for this requirement (null: the lessons' own). Absent from older servers. */
  recertDays: z.number().int().positive().nullable().optional(),
  /** YYYY-MM-DD (UTC) the requirement takes effect (null: already). Absent from older servers. */
  effectiveFrom: z.iso.date().nullable().optional(),
};
export const roleRequirementData = z.object({ role: z.string(), ...requirementTerms });
/** What one station of the terminal's site requires (upsert only, like roleRequirementData). */
export const stationRequirementData = z.object({ siteId: z.string(), stationId: z.string(), ...requirementTerms });

/**
 * A supervisor's or site-IT worker's PIN as its salted scrypt hash (common/staff/pin-hash.ts), for
 * workers of the terminal's site; null when the PIN was cleared. Upsert only, like requirements.
 * The terminal stores it keyed by its local worker id and verifies PINs offline.
 */
export const staffPinData = z.object({ employeeId: z.string(), pinHash: z.string().max(512).nullable() });

/**
 * A role's, station's or skill's name in one language, so reasons read "operador de prensa" rather
 * than the slug. Station names are those of the terminal's site; role and skill names hold at every
 * site. `name` null: the name was removed (the terminal falls back to another language, then to the
 * station's own name or the slug). Upsert only.
 */
export const displayNameData = z.object({
  kind: z.enum(['role', 'station', 'skill']),
  id: z.string(),
  language: z.string(),
  name: z.string().max(200).nullable(),
});

/**
 * A certification credential of a worker of the terminal's site, for their own "My training"
 * screen: what it is, its dates and whether it was revoked (the signed credential stays on the
 * server; the QR code points at its public verify page). Upsert only: a revocation is an upsert.
 */
export const credentialData = z.object({
  id: z.string(),
  employeeId: z.string(),
  certificationId: z.string(),
  name: z.string(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  revoked: z.boolean(),
  lessons: z.array(z.object({ lessonId: z.string(), title: z.string(), version: z.number(), passedAt: z.string() })),
});

export type CredentialData = z.infer<typeof credentialData>;

/** What a deleted row carries: the key the kiosk stores it under (`id` is the kind's natural key; a lesson's is `<lessonId>:<language>`, one lesson id existing per language). */
export const deletedData = z.object({ id: z.string() });

const upsert = <K extends string, D extends z.ZodType>(kind: K, data: D) =>
  z.object({ seq: z.number().int().positive(), kind: z.literal(kind), op: z.literal('upsert'), data });

export const change = z.union([
  upsert('site', siteData),
  upsert('station', stationData),
  upsert('worker', workerData),
  upsert('badge', badgeData),
  upsert('lesson', lessonData),
  upsert('assignment', assignmentData),
  upsert('role-requirement', roleRequirementData),
  upsert('station-requirement', stationRequirementData),
  upsert('staff-pin', staffPinData),
  upsert('display-name', displayNameData),
  upsert('credential', credentialData),
  z.object({
    seq: z.number().int().positive(),
    kind: z.enum(['site', 'station', 'worker', 'badge', 'lesson', 'assignment']),
    op: z.literal('delete'),
    data: deletedData,
  }),
]);
export type Change = z.infer<typeof change>;
export type ChangeKind = Change['kind'];

export const pullResponse = z.object({
  changes: z.array(change),
  /** Send as `cursor` next time; equals the request cursor when nothing changed. */
  nextCursor: z.number().int().min(0),
  hasMore: z.boolean(),
  /** As in the enrollment answer; sent on every pull so a changed public URL reaches enrolled terminals. */
  publicUrl: z.url().optional(),
  /** As in the enrollment answer; sent on every pull so terminals enrolled before peppers existed get it. */
  pinPepper: z.string().min(32).max(128).optional(),
});
export type PullResponse = z.infer<typeof pullResponse>;

// ---- fleet status: POST /api/v1/sync/status ----

/**
 * What a terminal tells the server about itself, for the admins' fleet view. Sent by the sync cycle
 * (electron/core/sync/sync-service.ts) after its pull, at most once a minute while the server
 * answers, separate from statements and from security events. The server keeps the latest per
 * terminal and stamps it with its own clock; the terminal's clock is not trusted for "last seen".
 */
export const terminalStatusReport = z
  .object({
    appVersion: z.string().min(1).max(64),
    /** The site and station in the terminal's config (may differ from where it was enrolled: a mismatch to fix). */
    siteId: z.string().min(1).max(64),
    stationId: z.string().min(1).max(64),
    /** The terminal's last fully successful sync cycle (its clock); null before the first. */
    lastSyncAt: z.iso.datetime({ offset: true }).nullable(),
    /** Completions waiting to be sent. */
    queued: z.number().int().min(0),
    /** Completions the server refused, kept on the terminal until site IT re-queues them. */
    quarantined: z.number().int().min(0),
    reader: z.object({ mode: z.enum(['wedge', 'hid']), state: z.string().min(1).max(32) }).strict(),
    /** Free bytes on the disk of the terminal's data directory; null when it could not be read. */
    dataDirFreeBytes: z.number().int().min(0).nullable(),
  })
  .strict();
export type TerminalStatusReport = z.infer<typeof terminalStatusReport>;
