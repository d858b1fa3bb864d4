import { randomUUID } from 'node:crypto';
import type { EnrollRequest, EnrollResponse } from '../../common/contracts/sync';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../errors';
import { hashEnrollmentCode, randomSecret, sameHash, sha256 } from '../secrets';

const FIX = 'ask site IT for a new code (npm run server -- enroll --site <site> --station <station>) and put it in the terminal config';

/**
 * How long after a code was used a retry with the same request id is answered again. The kiosk's
 * backoff tops out at 5 minutes, so it gets several tries after a lost answer or a restart; after
 * that a request id that leaked with the code no longer buys a credential.
 */
export const RETRY_WINDOW_MS = 15 * 60_000;

interface CodeRow {
  site_id: string;
  station_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  terminal_id: string | null;
  used_request_hash: string | null;
}

/** The same terminal asking again for the enrollment it was granted (its answer was lost): same code, same request id, soon after. Pure. */
export function isRetryOfUse(row: Pick<CodeRow, 'used_at' | 'terminal_id' | 'used_request_hash'>, requestHash: string | null, at: Date): boolean {
  if (!row.used_at || !row.terminal_id || !row.used_request_hash || !requestHash) return false;
  return sameHash(row.used_request_hash, requestHash) && at.getTime() - row.used_at.getTime() <= RETRY_WINDOW_MS;
}

export type Enrolled = Omit<EnrollResponse, 'publicUrl'> & {
  /** True when this answered a retry: the terminal existed and its credential was replaced. */
  rotated: boolean;
};

/**
 * A one-time enrollment code becomes a terminal id and credential (only the credential's hash is kept).
 * A retry of that enrollment (see isRetryOfUse) gets the same terminal id and a new credential, which
 * replaces the one in the lost answer: only the latest answer works.
 */
export async function enrollTerminal(db: Db, request: EnrollRequest, at: Date): Promise<Enrolled> {
  const codeHash = hashEnrollmentCode(request.code);
  const requestHash = request.requestId ? sha256(request.requestId) : null;
  return db.transaction(async (tx) => {
    // FOR UPDATE: two terminals racing with one code -> the second waits, then sees it used.
    const r = await tx.query<CodeRow>(
      'SELECT site_id, station_id, expires_at, used_at, revoked_at, terminal_id, used_request_hash FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE',
      [codeHash],
    );
    const row = r.rows[0];
    if (!row) throw new HttpError(401, 'enrollment-code-unknown', `this enrollment code is not known (check it for typos): ${FIX}`);
    const credential = randomSecret(32);
    if (row.used_at) {
      const used = new HttpError(401, 'enrollment-code-used', `this enrollment code was already used on ${row.used_at.toISOString()}; each code enrolls one terminal: ${FIX}`);
      if (!isRetryOfUse(row, requestHash, at)) throw used;
      // a terminal revoked since is not brought back by its old code
      const rotated = await tx.query('UPDATE terminals SET credential_hash = $2 WHERE id = $1 AND revoked_at IS NULL', [row.terminal_id, sha256(credential)]);
      if (rotated.rowCount === 0) throw used;
      return { ...(await answer(tx, row, row.terminal_id!, credential)), rotated: true };
    }
    if (row.revoked_at) throw new HttpError(401, 'enrollment-code-revoked', `this enrollment code was revoked on ${row.revoked_at.toISOString()}: ${FIX}`);
    if (row.expires_at.getTime() <= at.getTime()) {
      throw new HttpError(401, 'enrollment-code-expired', `this enrollment code expired on ${row.expires_at.toISOString()}: ${FIX}`);
    }
    const terminalId = randomUUID();
    await tx.query('INSERT INTO terminals (id, site_id, station_id, name, credential_hash) VALUES ($1, $2, $3, $4, $5)', [
      terminalId,
      row.site_id,
      row.station_id,
      request.terminalName,
      sha256(credential),
    ]);
    await tx.query('UPDATE enrollment_codes SET used_at = $2, terminal_id = $3, used_request_hash = $4 WHERE code_hash = $1', [codeHash, at.toISOString(), terminalId, requestHash]);
    return { ...(await answer(tx, row, terminalId, credential)), rotated: false };
  });
}

async function answer(tx: Queryable, row: CodeRow, terminalId: string, credential: string): Promise<Omit<EnrollResponse, 'publicUrl'>> {
  const names = await tx.query<{ site_name: string; station_name: string }>(
    'SELECT s.name AS site_name, st.name AS station_name FROM sites s JOIN stations st ON st.site_id = s.id WHERE s.id = $1 AND st.id = $2',
    [row.site_id, row.station_id],
  );
  return {
    terminalId,
    credential,
    site: { id: row.site_id, name: names.rows[0]?.site_name ?? row.site_id },
    station: { id: row.station_id, name: names.rows[0]?.station_name ?? row.station_id },
  };
}
