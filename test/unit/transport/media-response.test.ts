import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaResponse, type MediaCache } from '../../../electron/transport/media-response';

let tmp: string;
let cache: MediaCache;
const clip = 'a'.repeat(64);
const empty = 'e'.repeat(64);
const gone = 'f'.repeat(64);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-media-'));
  fs.writeFileSync(path.join(tmp, 'clip'), '0123456789');
  fs.writeFileSync(path.join(tmp, 'empty'), '');
  const files: Record<string, string> = { [clip]: 'clip', [empty]: 'empty', [gone]: 'deleted-behind-our-back' };
  cache = { mediaPath: (h) => (files[h] ? path.join(tmp, files[h]) : null), mediaType: (h) => (h === clip ? 'video/webm' : null) };
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('media response (both hosts)', () => {
  it('answers a whole file with its type, length and immutable caching', () => {
    expect(mediaResponse(clip, null, cache)).toEqual({
      status: 200,
      headers: { 'Content-Type': 'video/webm', 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, max-age=31536000, immutable', 'Content-Length': '10' },
      body: { path: path.join(tmp, 'clip'), start: 0, end: 9 },
    });
  });

  it('answers a byte range with 206 and Content-Range, and an impossible one with 416', () => {
    expect(mediaResponse(clip, 'bytes=-3', cache)).toMatchObject({ status: 206, headers: { 'Content-Range': 'bytes 7-9/10', 'Content-Length': '3' }, body: { start: 7, end: 9 } });
    expect(mediaResponse(clip, 'bytes=10-', cache)).toEqual({ status: 416, headers: { 'Content-Range': 'bytes */10' }, error: 'Requested range is outside the 10-byte file.' });
  });

  it('sends no body for an empty file and a generic type when the cache knows none', () => {
    expect(mediaResponse(empty, null, cache)).toMatchObject({ status: 200, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': '0' }, body: null });
  });

  it('is 404 for a name that is not a hash, a hash not cached, and a cached file gone from disk', () => {
    for (const name of ['..%2fsecret', 'b'.repeat(64), gone]) expect(mediaResponse(name, null, cache)).toMatchObject({ status: 404, error: expect.stringContaining('not in the local cache') });
  });
});
