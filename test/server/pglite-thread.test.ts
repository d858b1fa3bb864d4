import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';

/**
 * serve runs PGlite in a worker thread (issue 14: it starts while the app loads). The database it
 * gives must behave as the in-thread one: values, errors with their PostgreSQL fields, transactions and
 * a clean close that the next start reopens.
 */
const dir = mkdtempSync(join(tmpdir(), 'shiftlearn-pglite-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PGlite in a worker thread', () => {
  it('migrates, round-trips dates, JSON and bytes, reports errors with their SQLSTATE, rolls back, and reopens after close', async () => {
    const dataDir = join(dir, 'db');
    const db = await openDb({ dataDir, pgliteThread: true });
    try {
      expect(db.kind).toBe('pglite');
      expect((await migrate(db)).length).toBeGreaterThan(10);
      expect((await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0].shared_buffers).toBe('32MB');

      const at = new Date('2026-12-01T10:00:00.000Z');
      const r = await db.query<{ at: Date; doc: { a: number[] }; bytes: Uint8Array }>('SELECT $1::timestamptz AS at, $2::jsonb AS doc, $3::bytea AS bytes', [
        at.toISOString(),
        JSON.stringify({ a: [1, 2] }),
        Buffer.from([0, 255, 7]),
      ]);
      expect(r.rows[0].at).toBeInstanceOf(Date);
      expect(r.rows[0].at.toISOString()).toBe(at.toISOString());
      expect(r.rows[0].doc).toEqual({ a: [1, 2] });
      expect([...r.rows[0].bytes]).toEqual([0, 255, 7]);

      await db.query(`INSERT INTO sites (id, name) VALUES ('plant-2', 'Plant 2')`);
      const dup = await db.query(`INSERT INTO sites (id, name) VALUES ('plant-2', 'again')`).catch((e: unknown) => e);
      expect(dup).toBeInstanceOf(Error);
      expect(dup).toMatchObject({ code: '23505', message: expect.stringContaining('duplicate key') });

      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO sites (id, name) VALUES ('plant-3', 'Plant 3')`);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect((await db.query<{ id: string }>('SELECT id FROM sites ORDER BY id')).rows).toEqual([{ id: 'plant-2' }]);

    } finally {
      await db.close();
    }
    const again = await openDb({ dataDir, pgliteThread: true });
    try {
      expect((await again.query<{ name: string }>('SELECT name FROM sites')).rows).toEqual([{ name: 'Plant 2' }]);
    } finally {
      await again.close();
    }
  });
});
