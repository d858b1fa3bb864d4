/** Why the local database cannot be used, in words site IT can act on. The core shows it as the error screen. */
export class StoreOpenError extends Error {
  readonly title: string;
  readonly detail: string;
  readonly fix: string;

  constructor(parts: { title: string; detail: string; fix: string }, options?: { cause?: unknown }) {
    super(`${parts.title}: ${parts.detail} Fix: ${parts.fix}`, options);
    this.name = 'StoreOpenError';
    this.title = parts.title;
    this.detail = parts.detail;
    this.fix = parts.fix;
  }
}

interface SqliteError {
  code?: string;
  message?: string;
}

/**
 * Turns what better-sqlite3 threw while opening into a StoreOpenError. The fixes never suggest letting
 * the app delete the file: the database may hold completions that were not synced yet.
 */
export function describeOpenFailure(err: unknown, dbFile: string): StoreOpenError {
  const { code = '', message = String(err) } = (err ?? {}) as SqliteError;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreOpenError(
      {
        title: 'The local database is damaged',
        detail: `${dbFile} cannot be read (${message}). It was left exactly as it is; unsynced completions may still be recoverable from it.`,
        fix: `Stop the kiosk, move ${dbFile} (and any -wal/-shm files next to it) to a safe place for recovery, then start the kiosk again to create a fresh database.`,
      },
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreOpenError(
      {
        title: 'The local database is in use by another program',
        detail: `${dbFile} is locked (${message}). Another kiosk process or a database tool probably has it open.`,
        fix: 'Close the other program (or the second kiosk instance) using this data directory, then restart the kiosk.',
      },
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') {
    return new StoreOpenError(
      {
        title: 'Storage is full - tell site IT',
        detail: `${dbFile}: ${message}. The disk holding the data directory has no free space left; nothing stored was lost.`,
        fix: 'Free space on that disk (old logs, other files) or move dataDir in the kiosk config to a larger disk, then restart the kiosk.',
      },
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code === 'EROFS' || code === 'EACCES') {
    return new StoreOpenError(
      {
        title: 'The local database cannot be opened for writing',
        detail: `${dbFile}: ${message}.`,
        fix: 'Check that the data directory exists and that the kiosk user may read and write it (or set dataDir in the kiosk config to a writable folder).',
      },
      { cause: err },
    );
  }
  return new StoreOpenError(
    {
      title: 'The local database could not be opened',
      detail: `${dbFile}: ${message}${code ? ` (${code})` : ''}.`,
      fix: 'Restart the kiosk; if this keeps happening, send the kiosk log and this message to site IT.',
    },
    { cause: err },
  );
}
