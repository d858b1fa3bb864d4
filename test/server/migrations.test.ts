import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/db/db';
import { loadMigrations, migrate } from '../../server/db/migrate';

describe('migrations', () => {
  it('apply exactly once when several server processes start at once', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const url = process.env.DATABASE_URL || undefined;
    // PGlite is one process by design; there "at once" means repeated starts on one connection.
    const dbs = url ? await Promise.all([1, 2, 3].map(() => openDb({ databaseUrl: url, schema, poolSize: 2 }))) : [await openDb({ schema })];
    try {
      const applied = await Promise.all([...dbs, ...dbs].map((db) => migrate(db)));
      const versions = loadMigrations().map((m) => m.version);
      expect(applied.flat().sort((a, b) => a - b)).toEqual(versions); // numerically: 10 after 9
      const rows = await dbs[0].query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.rows.map((r) => r.version)).toEqual(versions);
    } finally {
      if (url) await dbs[0].query(`DROP SCHEMA ${schema} CASCADE`);
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('on a current schema read the applied versions once and nothing else; a new migration still goes through the locked transaction', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const url = process.env.DATABASE_URL || undefined;
    const db = await openDb({ databaseUrl: url, schema, poolSize: 2 });
    try {
      await migrate(db);
      const calls: string[] = [];
      const watched: Db = {
        ...db,
        query: (sql, params) => (calls.push(sql), db.query(sql, params)),
        exec: (sql) => (calls.push(sql), db.exec(sql)),
        transaction: (fn) => (calls.push('transaction'), db.transaction(fn)),
      };
      expect(await migrate(watched)).toEqual([]);
      expect(calls).toEqual(['SELECT version FROM schema_migrations']);

      calls.length = 0;
      const next = { version: 999, name: 'test_later', sql: 'CREATE TABLE later_table (id integer)' };
      expect(await migrate(watched, [...loadMigrations(), next])).toEqual([999]);
      expect(calls).toEqual(['SELECT version FROM schema_migrations', 'transaction']);
      expect((await db.query('SELECT 1 FROM later_table')).rowCount).toBe(0);
    } finally {
      if (url) await db.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    }
  });
});
