import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { preparedOnce } from './prepared';

const statements = preparedOnce((db) => ({
  upsert: db.prepare(
    `INSERT INTO media (sha256, mime_type, size, relative_path) VALUES (?, ?, ?, ?)
     ON CONFLICT(sha256) DO UPDATE SET mime_type = excluded.mime_type, size = excluded.size, relative_path = excluded.relative_path`,
  ),
  find: db.prepare('SELECT mime_type, relative_path FROM media WHERE sha256 = ?'),
}));

export function sha256Of(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * Copies a file into the media cache under its hash and records it. The copy goes to a temp name
 * first and is renamed, so a crash never leaves a half-written file under a valid hash.
 */
export function cacheMediaFile(db: Database.Database, mediaDir: string, bytes: Buffer, mimeType: string): string {
  const hash = sha256Of(bytes);
  const target = path.join(mediaDir, hash);
  if (!fs.existsSync(target)) {
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, target);
  }
  statements(db).upsert.run(hash, mimeType, bytes.length, path.posix.join('media', hash));
  return hash;
}

export interface CachedMedia {
  path: string;
  mimeType: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A cached media file by hash; null for anything that is not a known hash with its file present in the cache. */
export function findCachedMedia(db: Database.Database, dataDir: string, sha256: string): CachedMedia | null {
  if (!SHA256.test(sha256)) return null;
  const row = statements(db).find.get(sha256) as
    | { mime_type: string; relative_path: string }
    | undefined;
  if (!row) return null;
  const mediaRoot = path.resolve(dataDir, 'media');
  const file = path.resolve(dataDir, row.relative_path);
  // relative_path comes from synced content later: never serve anything outside the media folder
  if (path.dirname(file) !== mediaRoot || !fs.existsSync(file)) return null;
  return { path: file, mimeType: row.mime_type };
}
