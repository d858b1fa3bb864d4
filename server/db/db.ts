/**
 * The one database interface the server uses, so the same SQL runs on PostgreSQL (pg Pool) and on
 * embedded PGlite. int8 values come back as JavaScript numbers on both (sequences stay < 2^53).
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string;
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://... to use PostgreSQL; absent for embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; absent means in memory (tests). */
  dataDir?: string;
  /** Schema for every table (search_path); created when missing. Default "public". */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lowercase letters, digits and underscores, starting with a letter or underscore`);
  }
  return `"${schema}"`;
}

export async function openDb(options: DbOptions): Promise<Db> {
  const schema = options.schema ?? 'public';
  quoteSchema(schema);
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(options.databaseUrl, schema, options.poolSize ?? 10);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(options.dataDir, schema);
}
