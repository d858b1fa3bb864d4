import fs from 'node:fs';
import type { KioskCoreHandle } from '../../common/contracts/kiosk-api';
import { parseByteRange } from './byte-range';
import { sha256Pattern } from './static-files';

export type MediaCache = Pick<KioskCoreHandle, 'mediaPath' | 'mediaType'>;

/**
 * The answer to a request for cached media, decided once for both hosts: status, the type, range and
 * caching headers, and which bytes of which file to send. Each host only writes it out (a fetch
 * Response for shiftlearn://, a Node response for the web host) and adds its security headers.
 */
export type MediaResponse =
  | { status: 200 | 206; headers: Record<string, string>; body: { path: string; start: number; end: number } | null }
  | { status: 404 | 416; headers: Record<string, string>; error: string };

export function mediaResponse(sha256: string, rangeHeader: string | null | undefined, cache: MediaCache): MediaResponse {
  const filePath = sha256Pattern.test(sha256) ? cache.mediaPath(sha256) : null;
  const size = filePath ? fileSize(filePath) : null;
  if (filePath === null || size === null) return { status: 404, headers: {}, error: `Media ${sha256} is not in the local cache.` };
  const range = parseByteRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    return { status: 416, headers: { 'Content-Range': `bytes */${size}` }, error: `Requested range is outside the ${size}-byte file.` };
  }
  const { start, end } = range.kind === 'partial' ? range : { start: 0, end: size - 1 };
  const headers: Record<string, string> = {
    'Content-Type': cache.mediaType(sha256) ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    // A media URL names its bytes by hash, so it never changes.
    'Cache-Control': 'private, max-age=31536000, immutable',
    'Content-Length': String(Math.max(0, end - start + 1)),
  };
  if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  return { status: range.kind === 'partial' ? 206 : 200, headers, body: size === 0 ? null : { path: filePath, start, end } };
}

function fileSize(filePath: string): number | null {
  try {
    return fs.statSync(filePath).size;
  } catch {
    return null;
  }
}
