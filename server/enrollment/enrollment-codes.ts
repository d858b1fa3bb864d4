import { z } from 'zod';
import type { Db } from '../db/db';
import { HttpError } from '../errors';

/**
 * Enrollment codes as admins see them: never the code (only its hash is kept), but an id made of the
 * hash's first 16 hex digits, enough to tell codes apart and to revoke one.
 */

/** How many hex digits of the code's hash make its id, in the check, the function and the SQL below. */
const ID_DIGITS = 16;

export const enrollmentCodeId = z
  .string()
  .regex(new RegExp(`^[0-9a-f]{${ID_DIGITS}}$`), `an enrollment code id is ${ID_DIGITS} lowercase hex digits, as listed by GET /api/v1/admin/enrollment-codes`);

/** The id of the code with this hash. */
export const enrollmentCodeIdOf = (codeHash: string): string => codeHash.slice(0, ID_DIGITS);

export type EnrollmentCodeStatus = 'pending' | 'used' | 'expired' | 'revoked';

export interface EnrollmentCodeInfo {
  id: string;
  siteId: string;
  stationId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  terminalId: string | null;
  revokedAt: string | null;
  status: EnrollmentCodeStatus;
}

interface CodeRow {
  id: string;
  site_id: string;
  station_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  terminal_id: string | null;
  revoked_at: Date | null;
}

function statusOf(row: CodeRow, now: Date): EnrollmentCodeStatus {
  if (row.used_at) return 'used';
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** Newest first; the 200 most recent are plenty to find the one to revoke. */
export async function listEnrollmentCodes(db: Db, now: Date): Promise<EnrollmentCodeInfo[]> {
  const r = await db.query<CodeRow>(
    `SELECT left(code_hash, ${ID_DIGITS}) AS id, site_id, station_id, created_at, expires_at, used_at, terminal_id, revoked_at
       FROM enrollment_codes ORDER BY created_at DESC LIMIT 200`,
  );
  return r.rows.map((row) => ({
    id: row.id,
    siteId: row.site_id,
    stationId: row.station_id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    usedAt: row.used_at?.toISOString() ?? null,
    terminalId: row.terminal_id,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    status: statusOf(row, now),
  }));
}

export async function revokeEnrollmentCode(db: Db, id: string, now: Date): Promise<{ id: string; revoked: boolean }> {
  const r = await db.query<{ used_at: Date | null }>(
    `UPDATE enrollment_codes SET revoked_at = coalesce(revoked_at, $2) WHERE left(code_hash, ${ID_DIGITS}) = $1 RETURNING used_at`,
    [id, now.toISOString()],
  );
  if (r.rowCount === 0) throw new HttpError(404, 'enrollment-code-not-found', `no enrollment code with id ${id}: list them with GET /api/v1/admin/enrollment-codes (or npm run server -- enroll list)`);
  if (r.rows[0].used_at) {
    throw new HttpError(409, 'enrollment-code-used', `enrollment code ${id} was already used to enroll a terminal: revoke the terminal instead (POST /api/v1/admin/terminals/<id>/revoke)`);
  }
  return { id, revoked: true };
}
