import { z } from 'zod';
import type { Db, Queryable } from '../db/db';

/**
 * Server-wide settings an admin changes at run time (dashboard Requirements page, PUT
 * /api/v1/admin/settings, `npm run server -- settings`). Each has a default, used while it has no row.
 */
export const serverSettings = z
  .object({
    /** Supervisors may edit the requirements of stations at their own sites (never roles', which hold at every site). */
    supervisorsEditStationRequirements: z.boolean().default(false),
  })
  .strict();
export type ServerSettings = z.infer<typeof serverSettings>;

export const settingsPatch = serverSettings.partial().describe('settings to change (the others keep their value)');
export type SettingsPatch = z.infer<typeof settingsPatch>;

export async function getSettings(db: Queryable): Promise<ServerSettings> {
  const rows = await db.query<{ key: string; value: unknown }>('SELECT key, value FROM server_settings');
  // A row for a setting this version no longer has is ignored rather than failing every read.
  const known = Object.keys(serverSettings.shape);
  return serverSettings.parse(Object.fromEntries(rows.rows.filter((r) => known.includes(r.key)).map((r) => [r.key, r.value])));
}

export async function setSettings(db: Db, patch: SettingsPatch, by: string): Promise<ServerSettings> {
  return db.transaction(async (tx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await tx.query(
        `INSERT INTO server_settings (key, value, updated_at, updated_by) VALUES ($1, $2::jsonb, now(), $3)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [key, JSON.stringify(value), by],
      );
    }
    return getSettings(tx);
  });
}
