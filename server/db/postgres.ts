import pg from 'pg';
import { copyIn } from './copy-in';
import type { Db, Queryable, QueryResult } from './types';
import { quoteSchema } from './schema-name';

const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgres(url: string, schema: string, poolSize: number): Promise<Db> {
  const quoted = quoteSchema(schema);
  // The schema must exist before pooled connections put it on their search_path. The lock: two
  // processes running CREATE SCHEMA IF NOT EXISTS at once can still collide on the catalog.
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query('BEGIN');
    await setup.query(`SELECT pg_advisory_xact_lock(hashtext('shiftlearn-schema:' || $1))`, [schema]);
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await setup.query('COMMIT');
  } finally {
    await setup.end();
  }
  // Idle connections are kept 5 minutes (pg's default: 10 s): a new connection is a new backend whose
  // catalog caches start cold, so a dashboard opened after a pause paid several times its usual
  // time (bench:scale, issue 17); at most poolSize idle connections per process stay open.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 300_000, types, options: `-c search_path=${quoted}` });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);

  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });

  return {
    kind: 'postgres',
    schema,
    ...wrap(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ ...wrap(client), copyFrom: (table, columns, lines) => copyIn(client, table, columns, lines) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
