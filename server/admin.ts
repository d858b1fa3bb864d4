import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { slugId } from '../common/contracts/sync';
import type { Db, Queryable } from './db/db';
import { HttpError } from './errors';
import { enrollmentCodeIdOf } from './enrollment/enrollment-codes';
import { hashEnrollmentCode, newEnrollmentCode, randomSecret, sha256 } from './secrets';

/** Administrative operations shared by the CLI and the admin HTTP endpoints. */

export const createSiteInput = z.object({ id: slugId, name: z.string().min(1).max(200) }).strict();
export const createStationInput = z.object({ siteId: slugId, id: slugId, name: z.string().min(1).max(200) }).strict();
export const DEFAULT_CODE_LIFETIME_MS = 24 * 3_600_000;

export async function createSite(db: Db, input: z.infer<typeof createSiteInput>) {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO sites (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, deleted = false`,
      [input.id, input.name],
    );
    return { id: input.id, name: input.name };
  });
}

export async function createStation(db: Db, input: z.infer<typeof createStationInput>) {
  return db.transaction(async (tx) => {
    await requireSite(tx, input.siteId);
    await tx.query(
      `INSERT INTO stations (site_id, id, name) VALUES ($1, $2, $3)
       ON CONFLICT (site_id, id) DO UPDATE SET name = EXCLUDED.name, deleted = false`,
      [input.siteId, input.id, input.name],
    );
    return { siteId: input.siteId, id: input.id, name: input.name };
  });
}

export async function createEnrollmentCode(db: Db, siteId: string, stationId: string, lifetimeMs: number, now: Date) {
  const station = await db.query('SELECT 1 FROM stations WHERE site_id = $1 AND id = $2 AND NOT deleted', [siteId, stationId]);
  if (station.rowCount === 0) {
    throw new HttpError(404, 'station-not-found', `there is no station "${stationId}" at site "${siteId}": create it first (create-station --site ${siteId} --id ${stationId} --name ...)`);
  }
  const code = newEnrollmentCode();
  const codeHash = hashEnrollmentCode(code);
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db.query('INSERT INTO enrollment_codes (code_hash, site_id, station_id, expires_at) VALUES ($1, $2, $3, $4)', [
    codeHash,
    siteId,
    stationId,
    expiresAt.toISOString(),
  ]);
  // The id (as listed and revoked) lets the audit log and the admin name this code without its secret.
  return { id: enrollmentCodeIdOf(codeHash), code, siteId, stationId, expiresAt: expiresAt.toISOString() };
}

export async function revokeTerminal(db: Db, terminalId: string) {
  const notFound = new HttpError(404, 'terminal-not-found', `no terminal with id ${terminalId}: list terminals with the terminals command`);
  if (!z.uuid().safeParse(terminalId).success) throw notFound;
  const r = await db.query('UPDATE terminals SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id', [terminalId]);
  if (r.rowCount === 0) throw notFound;
  return { terminalId, revoked: true };
}

/** Returns the token once; only its hash is kept. */
export async function createAdminToken(db: Db, label: string) {
  const token = `sla_${randomSecret(32)}`;
  const id = randomUUID();
  await db.query('INSERT INTO admin_tokens (id, token_hash, label) VALUES ($1, $2, $3)', [id, sha256(token), label]);
  return { id, token };
}

export { createLrsKey } from './lrs-keys';

export interface SiteWithStations {
  id: string;
  name: string;
  stations: Array<{ id: string; name: string }>;
}

export async function listSites(db: Db): Promise<SiteWithStations[]> {
  const sites = await db.query<{ id: string; name: string }>('SELECT id, name FROM sites WHERE NOT deleted ORDER BY name, id');
  const stations = await db.query<{ site_id: string; id: string; name: string }>('SELECT site_id, id, name FROM stations WHERE NOT deleted ORDER BY name, id');
  return sites.rows.map((s) => ({ id: s.id, name: s.name, stations: stations.rows.filter((st) => st.site_id === s.id).map((st) => ({ id: st.id, name: st.name })) }));
}

export async function requireSite(tx: Queryable, siteId: string): Promise<void> {
  const r = await tx.query('SELECT 1 FROM sites WHERE id = $1 AND NOT deleted', [siteId]);
  if (r.rowCount === 0) throw new HttpError(404, 'site-not-found', `there is no site "${siteId}": create it first (create-site --id ${siteId} --name ...)`);
}
