import { quoteSchema } from './schema-name';
import type { Db } from './types';

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
  const schema = options.schema ?? 'public';
  quoteSchema(schema);
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(options.databaseUrl, schema, options.poolSize ?? 10);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(options.dataDir, schema, { thread: options.pgliteThread });
}
