import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { SyncHttp, TerminalAuth } from './sync-http';
import { ServerRefusal } from './sync-errors';

const PART_SUFFIX = '.part';

/** Leftovers of downloads a crash or power cut interrupted; they are never under a final name. */
export function removePartialDownloads(mediaDir: string): void {
  for (const f of fs.readdirSync(mediaDir)) if (f.endsWith(PART_SUFFIX)) fs.rmSync(path.join(mediaDir, f), { force: true });
}

export interface MediaDownloadResult {
  downloaded: number;
  /** Hashes that failed verification or that the server does not have; retried on a later cycle. */
  failed: { sha256: string; reason: string }[];
}

/**
 * Fetches media by hash into <mediaDir>/<sha256>: each file goes to a temp name, its SHA-256 is
 * checked, and only a verified file is renamed into place (atomic on one filesystem), so a torn or
 * wrong download never takes a cache name. A network failure stops the run (thrown, partial file
 * removed); a wrong hash or a missing file is recorded and the run goes on with the next one.
 */
export async function downloadMedia(opts: {
  db: Database.Database;
  mediaDir: string;
  http: SyncHttp;
  auth: TerminalAuth;
  hashes: string[];
  onProgress: (done: number, total: number) => void;
}): Promise<MediaDownloadResult> {
  const { db, mediaDir, http, auth, hashes, onProgress } = opts;
  const record = db.prepare(
    `INSERT INTO media (sha256, mime_type, size, relative_path) VALUES (?, ?, ?, ?)
     ON CONFLICT(sha256) DO UPDATE SET mime_type = excluded.mime_type, size = excluded.size, relative_path = excluded.relative_path`,
  );
  const result: MediaDownloadResult = { downloaded: 0, failed: [] };
  onProgress(0, hashes.length);
  for (const [i, sha256] of hashes.entries()) {
    const temp = path.join(mediaDir, `${sha256}.${crypto.randomBytes(4).toString('hex')}${PART_SUFFIX}`);
    try {
      const got = await http.downloadMedia(auth, sha256, temp);
      if (got.sha256 !== sha256) {
        result.failed.push({ sha256, reason: `the download's SHA-256 is ${got.sha256}` });
        continue;
      }
      fs.renameSync(temp, path.join(mediaDir, sha256));
      record.run(sha256, got.contentType.split(';')[0].trim(), got.size, path.posix.join('media', sha256));
      result.downloaded += 1;
    } catch (err) {
      if (err instanceof ServerRefusal && err.status === 404) {
        result.failed.push({ sha256, reason: err.message });
        continue;
      }
      throw err;
    } finally {
      fs.rmSync(temp, { force: true });
      onProgress(i + 1, hashes.length);
    }
  }
  return result;
}
