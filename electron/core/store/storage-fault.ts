/**
 * Errors that mean the data directory cannot take writes (disk full, read-only, I/O failing), as
 * opposed to a bug: the kiosk turns them into a state site IT can act on instead of crashing.
 */
const STORAGE_CODES = /^(SQLITE_FULL|SQLITE_READONLY|SQLITE_IOERR|ENOSPC|EROFS|EDQUOT|EIO|EACCES|EPERM)/;

export function isStorageFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

/** What the worker and site IT read when a write failed for lack of storage. */
export function storageFaultMessage(dataDir: string, err: unknown): string {
  const code = String((err as { code?: unknown }).code);
  const what = /FULL|ENOSPC|EDQUOT/.test(code) ? 'Storage is full' : 'Storage cannot be written';
  return `${what} - tell site IT. The data directory ${dataDir} refused a write (${code}): free space there or make it writable; the kiosk recovers by itself, nothing stored is lost.`;
}
