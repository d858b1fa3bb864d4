import type Database from 'better-sqlite3';

/**
 * A repository's statements, prepared once per connection and reused: better-sqlite3 compiles the SQL
 * in prepare(), so a statement prepared inside every call is compiled again on every call. `prepare`
 * runs on a connection's first use (after the store's migrations), and the statements go with it.
 */
export function preparedOnce<T>(prepare: (db: Database.Database) => T): (db: Database.Database) => T {
  const byConnection = new WeakMap<Database.Database, T>();
  return (db) => {
    let statements = byConnection.get(db);
    if (statements === undefined) {
      statements = prepare(db);
      byConnection.set(db, statements);
    }
    return statements;
  };
}
