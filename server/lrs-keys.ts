import { z } from 'zod';
import type { Db } from './db/db';
import { HttpError } from './errors';
import { randomSecret, sha256 } from './secrets';

/** Key/secret pairs for xAPI reporting tools (HTTP Basic on /xapi): read-only unless created to write. */

export const createLrsKeyInput = z
  .object({
    label: z.string().trim().min(1).max(200).describe('who uses it, e.g. "Power BI reporting"'),
    write: z.boolean().default(false).describe('true lets the tool write statements; read-only otherwise'),
  })
  .strict()
  .describe('LRS key');

export interface LrsKeyInfo {
  key: string;
  label: string;
  write: boolean;
  createdAt: string;
  revokedAt: string | null;
}

/** The secret is returned once; only its hash is kept. */
export async function createLrsKey(db: Db, label: string, write = false) {
  const key = `lrs_${randomSecret(9)}`;
  const secret = randomSecret(32);
  await db.query('INSERT INTO lrs_keys (key, secret_hash, label, can_write) VALUES ($1, $2, $3, $4)', [key, sha256(secret), label, write]);
  return { key, secret, label, write };
}

export async function listLrsKeys(db: Db): Promise<LrsKeyInfo[]> {
  const r = await db.query<{ key: string; label: string; can_write: boolean; created_at: Date; revoked_at: Date | null }>(
    'SELECT key, label, can_write, created_at, revoked_at FROM lrs_keys ORDER BY created_at DESC',
  );
  return r.rows.map((k) => ({ key: k.key, label: k.label, write: k.can_write, createdAt: k.created_at.toISOString(), revokedAt: k.revoked_at?.toISOString() ?? null }));
}

/** The key's next request is refused; its row stays so the label still explains old statements. */
export async function revokeLrsKey(db: Db, key: string) {
  const r = await db.query('UPDATE lrs_keys SET revoked_at = coalesce(revoked_at, now()) WHERE key = $1 RETURNING key', [key]);
  if (r.rowCount === 0) throw new HttpError(404, 'lrs-key-not-found', `no LRS key "${key}": list them with GET /api/v1/admin/lrs-keys (or npm run server -- lrs-key list)`);
  return { key, revoked: true };
}
