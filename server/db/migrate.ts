import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, Queryable } from './types';

const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');
const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = FILE_NAME.exec(file);
      if (!m) throw new Error(`migration file ${file} in ${dir} must be named NNN_name.sql (e.g. 002_add_media.sql)`);
      return { version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies pending migrations in one transaction. The advisory lock (per schema) makes several
 * server processes starting at once against one PostgreSQL apply each migration exactly once.
 * Every start calls it, and the schema is nearly always current: then one read, without the
 * transaction, the lock or the CREATE TABLE (on PGlite each is a round trip to its thread while serve starts).
 */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<number[]> {
  const current = await appliedVersions(db);
  if (migrations.every((m) => current.has(m.version))) return [];
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('shiftlearn-migrations:' || current_schema()))`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    // Again under the lock: another process may have applied some since the read above.
    const done = await appliedVersions(tx);
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** The versions applied so far; none before the first migration made the table (the only time the read fails). */
async function appliedVersions(db: Queryable): Promise<Set<number>> {
  try {
    return new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  } catch (err) {
    if ((err as { code?: unknown }).code === UNDEFINED_TABLE) return new Set();
    throw err;
  }
}

const UNDEFINED_TABLE = '42P01';
