import { randomUUID } from 'node:crypto';
import type { EnrollResponse } from '../../common/contracts/sync';
import type { Db } from '../db/db';
import { HttpError } from '../errors';
import { hashEnrollmentCode, randomSecret, sha256 } from '../secrets';

const FIX = 'ask site IT for a new code (npm run server -- enroll --site <site> --station <station>) and put it in the terminal config';

/** A one-time enrollment code becomes a terminal id and credential (only the credential's hash is kept). */
export async function enrollTerminal(db: Db, code: string, terminalName: string, at: Date): Promise<Omit<EnrollResponse, 'publicUrl'>> {
  const codeHash = hashEnrollmentCode(code);
  return db.transaction(async (tx) => {
    // FOR UPDATE: two terminals racing with one code -> the second waits, then sees it used.
    const r = await tx.query<{ site_id: string; station_id: string; expires_at: Date; used_at: Date | null; revoked_at: Date | null }>(
      'SELECT site_id, station_id, expires_at, used_at, revoked_at FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE',
      [codeHash],
    );
    const row = r.rows[0];
    if (!row) throw new HttpError(401, 'enrollment-code-unknown', `this enrollment code is not known (check it for typos): ${FIX}`);
    if (row.used_at) throw new HttpError(401, 'enrollment-code-used', `this enrollment code was already used on ${row.used_at.toISOString()}; each code enrolls one terminal: ${FIX}`);
    if (row.revoked_at) throw new HttpError(401, 'enrollment-code-revoked', `this enrollment code was revoked on ${row.revoked_at.toISOString()}: ${FIX}`);
    if (row.expires_at.getTime() <= at.getTime()) {
      throw new HttpError(401, 'enrollment-code-expired', `this enrollment code expired on ${row.expires_at.toISOString()}: ${FIX}`);
    }
    const terminalId = randomUUID();
    const credential = randomSecret(32);
    await tx.query('INSERT INTO terminals (id, site_id, station_id, name, credential_hash) VALUES ($1, $2, $3, $4, $5)', [
      terminalId,
      row.site_id,
      row.station_id,
      terminalName,
      sha256(credential),
    ]);
    await tx.query('UPDATE enrollment_codes SET used_at = $2, terminal_id = $3 WHERE code_hash = $1', [codeHash, at.toISOString(), terminalId]);
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
  });
}
