import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { findAssetDir } from '../store/find-asset-dir';
import { cacheMediaFile } from '../store/media-cache';

const MIME_BY_EXTENSION: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.vtt': 'text/vtt',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

export function mimeTypeFor(fileName: string): string | null {
  return MIME_BY_EXTENSION[path.extname(fileName).toLowerCase()] ?? null;
}

export function demoMediaDir(): string {
  const dir = findAssetDir(path.join('electron', 'core', 'demo', 'media'), 'press-guard-demo.webm');
  if (!dir) throw new Error(`The demo media folder electron/core/demo/media was not found above ${__dirname}: reinstall Shiftlearn.`);
  return dir;
}

/** Caches every demo media file and returns a lookup from file name to hash. */
export function cacheDemoMedia(db: Database.Database, mediaDir: string, sourceDir: string = demoMediaDir()): (fileName: string) => string {
  const hashes = new Map<string, string>();
  for (const name of fs.readdirSync(sourceDir)) {
    const mime = mimeTypeFor(name);
    if (!mime) continue;
    hashes.set(name, cacheMediaFile(db, mediaDir, fs.readFileSync(path.join(sourceDir, name)), mime));
  }
  return (fileName) => {
    const hash = hashes.get(fileName);
    if (!hash) throw new Error(`Demo media file ${fileName} is missing from ${sourceDir}.`);
    return hash;
  };
}
