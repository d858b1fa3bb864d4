import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { pinMatches } from '../../common/staff/pin-hash';
import { openDb } from '../../server/db/db';
import { useServerCli } from './cli-sandbox';

const { dir, dbOptions, cli } = useServerCli('staff-pin-cli');

/** The CLI process has exited, so the embedded database can be opened here. */
async function storedHash(employeeId: string): Promise<string | null | undefined> {
  const db = await openDb(dbOptions);
  try {
    const r = await db.query<{ pin_hash: string | null }>('SELECT pin_hash FROM staff_pins WHERE employee_id = $1', [employeeId]);
    return r.rows[0]?.pin_hash;
  } finally {
    await db.close();
  }
}

it('site IT: staff-pin set reads the PIN from stdin only, refuses weak ones, stores a hash; clear removes it', async () => {
  expect((await cli(['create-site', '--id', 'plant-1', '--name', 'Plant 1'])).code).toBe(0);
  expect((await cli(['create-station', '--site', 'plant-1', '--id', 'press', '--name', 'Press'])).code).toBe(0);
  const roster = join(dir, 'roster.csv');
  writeFileSync(roster, 'badge_id,employee_id,name,language,site,roles,stations,supervisor\n04A1B2C3,S1,Sam,en,plant-1,,press,yes\n');
  expect((await cli(['roster', 'import', roster])).code).toBe(0);

  const argv = await cli(['staff-pin', 'set', '--employee', 'S1', '--pin', '497215']);
  expect(argv.code).toBe(1);
  expect(argv.err).toContain('--pin-stdin');
  expect(argv.err).not.toMatch(/497215.*saved|set:/);

  const weak = await cli(['staff-pin', 'set', '--employee', 'S1', '--pin-stdin'], '111111\n');
  expect(weak.code).toBe(1);
  expect(weak.err).toContain('That PIN is too easy to guess');

  const set = await cli(['staff-pin', 'set', '--employee', 'S1', '--pin-stdin'], '497215\n');
  expect(set.err).toBe('');
  expect(set.out).toBe('staff PIN for S1 set: terminals of site plant-1 get it at their next sync\n');
  const hash = await storedHash('S1');
  expect(await pinMatches('497215', hash!)).toBe(true);

  const unknown = await cli(['staff-pin', 'set', '--employee', 'NOPE', '--pin-stdin'], '497215\n');
  expect(unknown.err).toContain('no worker with employee id "NOPE"');

  const cleared = await cli(['staff-pin', 'clear', '--employee', 'S1']);
  expect(cleared.out).toContain('staff PIN for S1 cleared');
  expect(await storedHash('S1')).toBeNull();
  expect((await cli(['staff-pin', 'clear', '--employee', 'S1'])).out).toContain('S1 had no staff PIN');
}, 180_000);
