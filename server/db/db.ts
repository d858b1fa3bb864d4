import { openPglite } from './pglite';
import { quoteSchema } from './schema-name';
import type { Db, Queryable, QueryResult } from './types';

export type { Db, Queryable, QueryResult } from './types';

export interface DbOptions {
  /** postgres://... to use PostgreSQL; absent for embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; absent means in memory (tests). */
  dataDir?: string;
  /** Schema for every table (search_path); created when missing. Default "public". */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** PGlite in a worker thread, starting while this thread does other work (serve). */
  pgliteThread?: boolean;
}

export async function openDb(options: DbOptions): Promise<Db> {
  const schema = schemaOf(options);
  quoteSchema(schema);
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(options.databaseUrl, schema, options.poolSize ?? 10);
  }
  // Imported statically (it is small; it loads PGlite itself only when it runs it in this thread), so
  // the worker thread starts now, within this call, not after whatever this thread does next (serve loads the app).
  return openPglite(options.dataDir, schema, { thread: options.pgliteThread });
}

function schemaOf(options: DbOptions): string {
  return options.schema ?? 'public';
}

/**
 * The database `opening` (with these options) as a Db already: every call waits until it is open, or
 * fails with the reason it could not open. serve builds the app on it while the database starts and
 * migrates, so the app is ready when the database is, and no query runs before.
 */
export function deferredDb(options: DbOptions, opening: Promise<Db>): Db {
  return {
    kind: options.databaseUrl ? 'postgres' : 'pglite',
    schema: schemaOf(options),
    query: async <R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> => (await opening).query<R>(sql, params),
    exec: async (sql) => (await opening).exec(sql),
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>) => (await opening).transaction(fn),
    close: async () => (await opening).close(),
  };
}
