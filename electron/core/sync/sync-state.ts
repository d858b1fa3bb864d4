import type Database from 'better-sqlite3';

/**
 * Keys of the sync_state table. public_url: the server's canonical URL, as it handed it at enrollment or pull.
 * pin_pepper: the site's PIN pepper, sealed (secrets/pin-pepper.ts). enrollment_request: the pending code's
 * hash and the request id sent with it, sealed (terminal-identity.ts enrollmentRequestId).
 */
export type SyncStateKey = 'pull_cursor' | 'last_sync_at' | 'refused_code_hash' | 'refused_code_detail' | 'public_url' | 'pin_pepper' | 'enrollment_request';

export function readSyncState(db: Database.Database, key: SyncStateKey): string | null {
  return (db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

export function writeSyncState(db: Database.Database, key: SyncStateKey, value: string): void {
  db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function clearSyncState(db: Database.Database, key: SyncStateKey): void {
  db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
}
