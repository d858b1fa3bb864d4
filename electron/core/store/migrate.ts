import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { StoreOpenError } from './store-open-error';

export interface Migration {
  version: number;
  file: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d+)_[\w-]+\.sql$/;

/** Reads `NNN_name.sql` files in version order; a gap or duplicate number is a packaging mistake, not data. */
export function readMigrations(dir: string): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((m): m is { file: string; match: RegExpExecArray } => m.match !== null)
    .map(({ file, match }) => ({ version: Number(match[1]), file, sql: fs.readFileSync(path.join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration ${m.file} in ${dir} should be number ${i + 1}: migrations must be numbered 1, 2, 3... without gaps or duplicates.`);
    }
  });
  return migrations;
}

/**
 * Brings the schema to the newest version in one transaction: either every pending migration applies
 * and user_version moves, or nothing changes. Returns the versions applied (empty when up to date).
 */
export function applyMigrations(db: Database.Database, migrations: Migration[]): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (current > latest) {
    throw new StoreOpenError({
      title: 'The local database is from a newer Shiftlearn',
      detail: `The database is at schema version ${current}; this kiosk only knows versions up to ${latest}.`,
      fix: 'Install the Shiftlearn version that created this database (or newer) on this terminal.',
    });
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  let applying = pending[0];
  try {
    db.transaction(() => {
      for (const m of pending) {
        applying = m;
        db.exec(m.sql);
      }
      db.pragma(`user_version = ${latest}`);
    }).immediate();
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) throw err;
    throw new StoreOpenError(
      {
        title: 'The local database could not be upgraded',
        detail: `Migration ${applying.file} failed: ${(err as Error).message}. Nothing was changed; the database is still at version ${current}.`,
        fix: 'Reinstall this Shiftlearn version (a migration file may be damaged) and send this message to site IT if it persists.',
      },
      { cause: err },
    );
  }
  return pending.map((m) => m.version);
}
