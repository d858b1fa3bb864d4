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
  /**
   * COPY rows (text-format lines, copy-in.ts copyField) into a table: on PostgreSQL only, where it
   * costs the database about half the CPU of an INSERT of the same rows. Callers INSERT where absent.
   */
  copyFrom?(table: string, columns: readonly string[], lines: Iterable<string>): Promise<number>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string;
  /** Runs fn in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
