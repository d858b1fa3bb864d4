import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/db';
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

});
