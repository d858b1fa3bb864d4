import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './types';
import { quoteSchema } from './schema-name';

/**
 * PGlite has one connection: a transaction must not interleave with other queries, so every
 * top-level query and transaction runs through one queue.
 */
export async function openPglite(dataDir: string | undefined, schema: string): Promise<Db> {
  const releaseLock = dataDir ? lockDataDir(dataDir) : () => undefined;
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
  const quoted = quoteSchema(schema);
  await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${quoted}; SET search_path TO ${quoted};`);

  let tail: Promise<unknown> = Promise.resolve();
  const serialise = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const direct: Queryable = {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const r = await pglite.query<R>(sql, params);
      // PGlite reports affectedRows 0 for a SELECT; pg counts the rows it returned.
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
    async exec(sql: string) {
      await pglite.exec(sql);
    },
  };

  return {
    kind: 'pglite',
    schema,
    query: (sql, params) => serialise(() => direct.query(sql, params)),
    exec: (sql) => serialise(() => direct.exec(sql)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      serialise(async () => {
        await pglite.exec('BEGIN');
        try {
          const result = await fn(direct);
          await pglite.exec('COMMIT');
          return result;
        } catch (err) {
          await pglite.exec('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    close: () =>
      serialise(async () => {
        await pglite.close();
        releaseLock();
      }),
  };
}

/**
 * PGlite's files must be opened by one process at a time (two would corrupt them), so a second
 * process, e.g. the CLI while the server runs, is refused with a way out.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'shiftlearn.pid');
  let holder = NaN;
  try {
    holder = Number(readFileSync(lockFile, 'utf8'));
  } catch {
    // no lock file: free
  }
  if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `the embedded database in ${dataDir} is in use by process ${holder} (probably the running server). ` +
        'Stop the server first, use the admin HTTP API while it runs, or run the server on PostgreSQL (DATABASE_URL) so several processes can share it',
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
