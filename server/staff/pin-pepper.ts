import type { Change } from '../../common/contracts/sync';
import { keyPinHash, newPinPepper } from '../../common/staff/pin-hash';
import type { Queryable } from '../db/db';

/**
 * The site's PIN pepper (common/staff/pin-hash.ts): made on first use and kept in
 * site_pin_peppers, which no terminal pulls; terminals get it only in the enrollment answer and
 * with each pull, over their authenticated channel. Stored plain on the server, which holds the
 * plain PIN hashes next to it anyway (see server/README.md, Staff PINs).
 */
export async function sitePinPepper(db: Queryable, siteId: string): Promise<string> {
  const read = () => db.query<{ pepper: string }>('SELECT pepper FROM site_pin_peppers WHERE site_id = $1', [siteId]);
  const existing = (await read()).rows[0];
  if (existing) return existing.pepper;
  // Two first pulls at once: one insert wins, both read the winner.
  await db.query('INSERT INTO site_pin_peppers (site_id, pepper) VALUES ($1, $2) ON CONFLICT (site_id) DO NOTHING', [siteId, newPinPepper()]);
  return (await read()).rows[0]!.pepper;
}

/** The page as the terminal gets it: every staff PIN hash keyed with its site's pepper. Pure. */
export function keyStaffPins(changes: Change[], pepper: string): Change[] {
  return changes.map((c) =>
    c.kind === 'staff-pin' && c.op === 'upsert' && c.data.pinHash ? { ...c, data: { ...c.data, pinHash: keyPinHash(c.data.pinHash, pepper) } } : c,
  );
}
