import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_SVGS, PLAIN_SVGS } from '../unit/content/hostile-svgs';
import { startTestServer, type TestServer } from './helpers';

/**
 * Issue 12 item 7: the server checks SVGs again at upload (a pack can be built by anything, not only
 * by the pack tool), on both routes that store media, over real HTTP.
 */

let s: TestServer;
let url: string;

beforeAll(async () => {
  s = await startTestServer();
  url = await s.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => s.close());

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

async function put(path: string, svg: string): Promise<{ status: number; body: { error?: string; message?: string } }> {
  const res = await fetch(`${url}${path}`, { method: 'PUT', body: svg, headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'image/svg+xml' } });
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string } };
}

async function stored(hash: string): Promise<boolean> {
  return (await s.db.query('SELECT 1 FROM media WHERE sha256 = $1', [hash])).rowCount === 1;
}

describe('SVG upload is checked by the same sanitiser as the pack tool', () => {
  it.each(Object.entries(HOSTILE_SVGS))('refuses %s on both upload routes, storing nothing', async (_name, { svg, names }) => {
    const hash = sha(svg);
    for (const path of [`/api/v1/admin/media/${hash}`, `/api/v1/admin/packs/files/media/${hash}`]) {
      const r = await put(path, svg);
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('unsafe-svg');
      expect(r.body.message).toContain(names);
      expect(r.body.message).toMatch(/Fix: export it as a plain SVG/);
    }
    expect(await stored(hash)).toBe(false);
  });

  it('accepts plain drawings', async () => {
    for (const svg of Object.values(PLAIN_SVGS)) {
      const r = await put(`/api/v1/admin/media/${sha(svg)}`, svg);
      expect(r.status).toBe(201);
      expect(await stored(sha(svg))).toBe(true);
    }
  });
});
