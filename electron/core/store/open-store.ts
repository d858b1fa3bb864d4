import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { findAssetDir } from './find-asset-dir';
import { applyMigrations, readMigrations } from './migrate';
import { StoreOpenError, describeOpenFailure } from './store-open-error';

export interface Store {
  db: Database.Database;
  dataDir: string;
  dbFile: string;
  /** Where cached media files live: <dataDir>/media. */
  mediaDir: string;
  close(): void;
}

export interface OpenStoreOptions {
  /** Folder of numbered SQL files; by default the repository's migrations/ folder. */
  migrationsDir?: string;
  /** How long to wait for another connection's lock before giving up. */
  busyTimeoutMs?: number;
  /** Test seam for a full disk: past this many pages SQLite answers SQLITE_FULL, as when the disk is full. */
  maxPageCount?: number;
}

export const DB_FILE_NAME = 'shiftlearn.db';

function defaultMigrationsDir(): string {
  const dir = findAssetDir('migrations', '001_init.sql');
  if (!dir) {
    throw new StoreOpenError({
      title: 'The database migrations are missing',
      detail: `No migrations/001_init.sql was found above ${__dirname}.`,
      fix: 'Reinstall Shiftlearn; a packaged kiosk must ship the migrations/ folder next to the app code.',
    });
  }
  return dir;
}

/**
 * Opens (or creates) <dataDir>/shiftlearn.db and brings its schema up to date. Any failure is a
 * StoreOpenError; the database file is never deleted, renamed or rewritten to "recover" from one.
 */
export function openStore(dataDir: string, options: OpenStoreOptions = {}): Store {
  const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const dbFile = path.join(dataDir, DB_FILE_NAME);
  try {
    fs.mkdirSync(path.join(dataDir, 'media'), { recursive: true });
  } catch (err) {
    throw new StoreOpenError(
      {
        title: 'The data directory cannot be created',
        detail: `${dataDir}: ${(err as Error).message}.`,
        fix: 'Create the folder and let the kiosk user write to it, or set dataDir in the kiosk config to a writable folder.',
      },
      { cause: err },
    );
  }

  let db: Database.Database | null = null;
  try {
    db = new Database(dbFile, { timeout: options.busyTimeoutMs ?? 5000 });
    // The first statement reads the header: a damaged or locked file fails here, before anything is written.
    db.pragma('schema_version');
    db.pragma('journal_mode = WAL');
    // FULL: a completion acknowledged to the worker must survive a power cut, WAL or not.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, migrations);
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
  } catch (err) {
    db?.close();
    if (err instanceof StoreOpenError) throw err;
    throw describeOpenFailure(err, dbFile);
  }

  const open = db;
  return {
    db: open,
    dataDir,
    dbFile,
    mediaDir: path.join(dataDir, 'media'),
    close: () => {
      if (open.open) open.close();
    },
  };
}
