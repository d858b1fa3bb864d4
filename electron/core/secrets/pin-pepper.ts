import type Database from 'better-sqlite3';
import { readSyncState, writeSyncState } from '../sync/sync-state';
import { isSealed, openSecret, sealSecret, type SecretBox } from './secret-box';

/**
 * The site's PIN pepper (common/staff/pin-hash.ts), from the enrollment answer and every pull. It
 * is sealed with the OS keystore like the terminal credential, so the keyed staff PIN hashes in the
 * same database cannot be checked offline from a copy of it. Without a keystore (the web host) it
 * is stored plain and the private data dir is the only protection (build/README.md).
 */
export function savePinPepper(db: Database.Database, pepper: string, box: SecretBox | undefined): void {
  if (loadPinPepper(db, box) === pepper) return;
  writeSyncState(db, 'pin_pepper', sealSecret(pepper, box));
}

/** The pepper, or null before the first sync or when it is sealed with a keystore this host cannot open. */
export function loadPinPepper(db: Database.Database, box: SecretBox | undefined): string | null {
  const stored = readSyncState(db, 'pin_pepper');
  if (!stored) return null;
  const pepper = openSecret(stored, box);
  // one stored plain by a version without keystore support is sealed at its first read
  if (pepper !== null && box && !isSealed(stored)) writeSyncState(db, 'pin_pepper', sealSecret(pepper, box));
  return pepper;
}
