import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { EnrollResponse } from '../../../common/contracts/sync';
import { isSealed, openSecret, sealSecret, type SecretBox } from '../secrets/secret-box';
import { readSyncState, writeSyncState } from './sync-state';

export interface TerminalIdentity {
  terminalId: string;
  credential: string;
  siteId: string;
  stationId: string;
  enrollmentCodeHash: string;
  rejectedReason: string | null;
}

/** Codes are compared the way the server reads them: case, spaces and dashes do not matter. */
export function enrollmentCodeHash(code: string): string {
  return crypto.createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}

/**
 * The request id sent with every enrollment try of this code: made once and kept (sealed, it buys a
 * credential for a while) with the code's hash, so a retry after a lost answer or a restart sends the
 * same one and the server answers it again instead of refusing the code as used.
 */
export function enrollmentRequestId(db: Database.Database, codeHash: string, box?: SecretBox): string {
  const stored = readSyncState(db, 'enrollment_request');
  const open = stored === null ? null : openSecret(stored, box);
  const pending = open === null ? null : (JSON.parse(open) as { codeHash: string; requestId: string });
  if (pending?.codeHash === codeHash) return pending.requestId;
  const requestId = crypto.randomBytes(32).toString('base64url');
  writeSyncState(db, 'enrollment_request', sealSecret(JSON.stringify({ codeHash, requestId }), box));
  return requestId;
}

const UNREADABLE_CREDENTIAL =
  "This terminal's server credential is sealed with an OS keystore it cannot open now (another account or computer, or a reset keystore): put a new enrollment code in the terminal config (server.enrollmentCode) to re-enroll it.";

/** The credential is opened with `box` (sealed on the way if it was stored plain); one that cannot be opened reads as rejected. */
export function loadIdentity(db: Database.Database, box?: SecretBox): TerminalIdentity | null {
  const row = db
    .prepare('SELECT terminal_id, credential, site_id, station_id, enrollment_code_hash, rejected_reason FROM terminal_credential WHERE id = 1')
    .get() as { terminal_id: string; credential: string; site_id: string; station_id: string; enrollment_code_hash: string; rejected_reason: string | null } | undefined;
  if (!row) return null;
  const credential = openSecret(row.credential, box);
  if (credential !== null && box && !isSealed(row.credential)) db.prepare('UPDATE terminal_credential SET credential = ? WHERE id = 1').run(sealSecret(credential, box));
  return {
    terminalId: row.terminal_id,
    credential: credential ?? '',
    siteId: row.site_id,
    stationId: row.station_id,
    enrollmentCodeHash: row.enrollment_code_hash,
    rejectedReason: credential === null ? UNREADABLE_CREDENTIAL : row.rejected_reason,
  };
}

/** Replaces any earlier identity (a re-enrollment after revocation); the outbox is untouched. */
export function saveIdentity(db: Database.Database, enrolled: EnrollResponse, codeHash: string, at: Date, box?: SecretBox): void {
  db.prepare(
    `INSERT INTO terminal_credential (id, terminal_id, credential, site_id, site_name, station_id, station_name, enrollment_code_hash, enrolled_at, rejected_reason)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT(id) DO UPDATE SET terminal_id = excluded.terminal_id, credential = excluded.credential, site_id = excluded.site_id,
       site_name = excluded.site_name, station_id = excluded.station_id, station_name = excluded.station_name,
       enrollment_code_hash = excluded.enrollment_code_hash, enrolled_at = excluded.enrolled_at, rejected_reason = NULL`,
  ).run(enrolled.terminalId, sealSecret(enrolled.credential, box), enrolled.site.id, enrolled.site.name, enrolled.station.id, enrolled.station.name, codeHash, at.toISOString());
}

export function markIdentityRejected(db: Database.Database, reason: string): void {
  db.prepare('UPDATE terminal_credential SET rejected_reason = ? WHERE id = 1').run(reason);
}

/** What to do about enrollment, from the stored identity and the code in the config. Pure. */
export type EnrollmentStep =
  | { kind: 'use'; identity: TerminalIdentity }
  | { kind: 'enroll'; code: string; codeHash: string }
  | { kind: 'stuck'; detail: string };

export function enrollmentStep(identity: TerminalIdentity | null, configCode: string | undefined, refusedCodeHash: string | null, refusedDetail: string | null): EnrollmentStep {
  const codeHash = configCode ? enrollmentCodeHash(configCode) : null;
  if (identity && !identity.rejectedReason) return { kind: 'use', identity };
  if (!configCode || !codeHash) {
    return {
      kind: 'stuck',
      detail: identity
        ? identity.rejectedReason!
        : 'This terminal is not enrolled: ask site IT for an enrollment code and put it in the terminal config (server.enrollmentCode).',
    };
  }
  // the code that enrolled the revoked identity is spent; only a new one helps
  if (identity && codeHash === identity.enrollmentCodeHash) return { kind: 'stuck', detail: identity.rejectedReason! };
  if (codeHash === refusedCodeHash) return { kind: 'stuck', detail: refusedDetail ?? 'The server refused this enrollment code: ask site IT for a new enrollment code.' };
  return { kind: 'enroll', code: configCode, codeHash };
}
