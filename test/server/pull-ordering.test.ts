import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../server/db/db';
import { pullChanges } from '../../server/sync/pull';
import { openTestDb } from './helpers';

let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await openTestDb());
  await db.query(`INSERT INTO sites (id, name) VALUES ('plant-2', 'Plant 2')`);
});
afterAll(() => dispose());

const addWorker = (tx: Queryable, id: string) =>
  tx.query(`INSERT INTO workers (employee_id, site_id, display_name, language) VALUES ($1, 'plant-2', $1, 'en')`, [id]);

/** Resolves once `done` settled or some session waits for an advisory lock (the change lock). */
async function settledOrWaitingOnLock(done: Promise<unknown>): Promise<void> {
  let settled = false;
  void done.then(() => (settled = true), () => (settled = true));
  for (;;) {
    if (settled) return;
    const waiting = await db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
    if (waiting.rowCount > 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

// PGlite has one connection, so writers cannot overlap there; the race exists only on PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('pull ordering with overlapping writers (PostgreSQL)', () => {
  it('a pull between two overlapping commits misses no row, with no lock taken by the writers themselves', async () => {
    const start = await pullChanges(db, 'plant-2', 0, 1000);
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((r) => (releaseA = r));
    let aWrote!: () => void;
    const aHasWritten = new Promise<void>((r) => (aWrote = r));
    // Writer A draws its change_seq first and commits last (a slow roster import, say).
    const writerA = db.transaction(async (tx) => {
      await addWorker(tx, 'E-slow');
      aWrote();
      await aMayCommit;
    });
    await aHasWritten;
    // Writer B draws a later change_seq and would commit first if nothing ordered them.
    const writerB = db.transaction((tx) => addWorker(tx, 'E-fast'));
    await settledOrWaitingOnLock(writerB);

    const between = await pullChanges(db, 'plant-2', start.nextCursor, 1000);
    releaseA();
    await Promise.all([writerA, writerB]);
    const after = await pullChanges(db, 'plant-2', between.nextCursor, 1000);

    const seen = [...between.changes, ...after.changes].map((c) => (c.data as { employeeId: string }).employeeId);
    expect(seen.sort()).toEqual(['E-fast', 'E-slow']);
  });

  it('every table a terminal pulls (a change_seq column) takes the change lock on write', async () => {
    const r = await db.query<{ table_name: string; locked: boolean }>(
      `SELECT c.table_name,
              EXISTS (SELECT 1 FROM information_schema.triggers t
                       WHERE t.event_object_schema = c.table_schema AND t.event_object_table = c.table_name
                         AND t.action_statement = 'EXECUTE FUNCTION lock_changes()' AND t.action_orientation = 'STATEMENT') AS locked
         FROM information_schema.columns c
        WHERE c.table_schema = current_schema() AND c.column_name = 'change_seq'`,
    );
    expect(r.rows.length).toBeGreaterThanOrEqual(10);
    expect(r.rows.filter((row) => !row.locked).map((row) => row.table_name)).toEqual([]);
  });
});
