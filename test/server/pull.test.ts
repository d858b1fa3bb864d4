import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponse, type Change, type PullResponse } from '../../common/contracts/sync';
import { enroll, seedSite, SERVER_URL, startTestServer, type EnrolledTerminal, type TestServer } from './helpers';

let s: TestServer;
let t: EnrolledTerminal;

const pull = async (cursor: number, limit: number): Promise<PullResponse> => {
  const res = await s.app.inject({ url: `/api/v1/sync/pull?cursor=${cursor}&limit=${limit}`, headers: t.headers });
  expect(res.statusCode).toBe(200);
  return pullResponse.parse(res.json());
};

async function pullAll(cursor: number, limit: number): Promise<{ changes: Change[]; cursor: number; pages: number }> {
  const changes: Change[] = [];
  let pages = 0;
  for (;;) {
    const page = await pull(cursor, limit);
    pages++;
    changes.push(...page.changes);
    cursor = page.nextCursor;
    if (!page.hasMore) return { changes, cursor, pages };
  }
}

const worker = (n: number, site = 'plant-2') => ({ employeeId: `E${n}`, displayName: `Worker ${n}`, language: 'en', siteId: site, roles: ['operator'], stations: ['press-line-4'] });
const lesson = (id: string, title: string, media?: string) => ({
  id,
  version: 1,
  language: 'en',
  title,
  durationMinutes: 3,
  cards: media ? [{ kind: 'image', id: 'c1', media, alt: 'A press' }] : [{ kind: 'text', id: 'c1', markdown: 'Hello' }],
});

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant-2', ['press-line-4']);
  await seedSite(s, 'plant-9', ['paint-1']);
  t = await enroll(s, 'plant-2', 'press-line-4');
  const workers = [...Array.from({ length: 23 }, (_, i) => worker(i)), worker(900, 'plant-9')];
  expect((await s.admin('PUT', '/api/v1/admin/workers', { workers })).status).toBe(200);
  expect((await s.admin('PUT', '/api/v1/admin/badges', { badges: [{ badgeId: 'B-1', employeeId: 'E1' }, { badgeId: 'B-900', employeeId: 'E900' }] })).status).toBe(200);
  const lessons = [
    { siteId: null, lesson: lesson('global-safety', 'Safety') },
    { siteId: 'plant-2', lesson: lesson('press-setup', 'Press setup') },
    { siteId: 'plant-9', lesson: lesson('paint-booth', 'Paint booth') },
  ];
  expect((await s.admin('PUT', '/api/v1/admin/lessons', { lessons })).status).toBe(200);
  expect(
    (await s.admin('PUT', '/api/v1/admin/assignments', { assignments: [{ id: 'a1', siteId: 'plant-2', lessonId: 'press-setup', stationId: 'press-line-4', dueAt: '2026-12-01T00:00:00Z' }] })).status,
  ).toBe(200);
});
afterAll(() => s.close());

describe('GET /api/v1/sync/pull', () => {
  it('pages through everything of the terminal site, in seq order, each change once', async () => {
    const { changes, pages } = await pullAll(0, 5);
    expect(pages).toBeGreaterThan(5);
    const seqs = changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const byKind = (k: string) => changes.filter((c) => c.kind === k);
    expect(byKind('worker')).toHaveLength(23);
    expect(byKind('badge').map((c) => c.data)).toEqual([{ badgeId: 'B-1', employeeId: 'E1' }]);
    expect(byKind('lesson').map((c) => (c.op === 'upsert' && c.kind === 'lesson' ? c.data.lesson.id : '')).sort()).toEqual(['global-safety', 'press-setup']);
    expect(byKind('assignment')[0].data).toMatchObject({ id: 'a1', stationId: 'press-line-4', dueAt: '2026-12-01T00:00:00.000Z', role: null });
    expect(JSON.stringify(changes)).not.toContain('plant-9');
  });

  it('from the last cursor returns only what changed since, including deletes; unchanged re-imports are not changes', async () => {
    const { cursor } = await pullAll(0, 500);
    expect(await pull(cursor, 500)).toEqual({ changes: [], nextCursor: cursor, hasMore: false, publicUrl: SERVER_URL, pinPepper: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    await s.admin('PUT', '/api/v1/admin/workers', { workers: Array.from({ length: 23 }, (_, i) => worker(i)) });
    expect((await pull(cursor, 500)).changes).toEqual([]);

    await s.admin('PUT', '/api/v1/admin/workers', { workers: [{ ...worker(3), displayName: 'Renamed', active: false }] });
    await s.admin('DELETE', '/api/v1/admin/badges/B-1');
    const next = await pull(cursor, 500);
    expect(next.changes.map((c) => [c.kind, c.op])).toEqual([
      ['worker', 'upsert'],
      ['badge', 'delete'],
    ]);
    expect(next.changes[0].data).toMatchObject({ employeeId: 'E3', displayName: 'Renamed', active: false });
    expect(next.changes[1].data).toEqual({ id: 'B-1' });
    expect(next.nextCursor).toBeGreaterThan(cursor);
  });

  it('a worker moved to another site is deleted at the old site and arrives with their badge at the new one', async () => {
    const paint = await enroll(s, 'plant-9', 'paint-1');
    const pullAt = async (term: EnrolledTerminal, cursor: number) => {
      const res = await s.app.inject({ url: `/api/v1/sync/pull?cursor=${cursor}&limit=500`, headers: term.headers });
      return pullResponse.parse(res.json());
    };
    expect((await s.admin('PUT', '/api/v1/admin/badges', { badges: [{ badgeId: 'B-7', employeeId: 'E7' }] })).status).toBe(200);
    const before2 = (await pullAll(0, 500)).cursor;
    const before9 = (await pullAt(paint, 0)).nextCursor;

    expect((await s.admin('PUT', '/api/v1/admin/workers', { workers: [worker(7, 'plant-9')] })).status).toBe(200);

    expect((await pull(before2, 500)).changes.map((c) => [c.kind, c.op, c.data])).toEqual([['worker', 'delete', { id: 'E7' }]]);
    const arrived = (await pullAt(paint, before9)).changes;
    expect(arrived.map((c) => [c.kind, c.op])).toEqual([
      ['worker', 'upsert'],
      ['badge', 'upsert'],
    ]);
    expect(arrived[1].data).toEqual({ badgeId: 'B-7', employeeId: 'E7' });

    // Moved back: the old site's delete comes before the worker's new upsert, so the worker is active there again.
    const again2 = (await pullAll(0, 500)).cursor;
    expect((await s.admin('PUT', '/api/v1/admin/workers', { workers: [worker(7)] })).status).toBe(200);
    expect((await pull(again2, 500)).changes.map((c) => [c.kind, c.op])).toEqual([
      ['worker', 'upsert'],
      ['badge', 'upsert'],
    ]);
    const everything = (await pullAll(0, 500)).changes.filter((c) => JSON.stringify(c.data).includes('E7'));
    expect(everything.map((c) => [c.kind, c.op])).toEqual([
      ['worker', 'delete'],
      ['worker', 'upsert'],
      ['badge', 'upsert'],
    ]);
  });

  it('rejects a bad cursor naming the parameter', async () => {
    const res = await s.app.inject({ url: '/api/v1/sync/pull?cursor=-1', headers: t.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/cursor/);
  });
});

describe('media', () => {
  it('serves uploaded media by SHA-256 to terminals, and refuses lessons with missing media', async () => {
    const bytes = Buffer.from('fake png bytes');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const missing = await s.admin('PUT', '/api/v1/admin/lessons', { lessons: [{ siteId: null, lesson: lesson('with-image', 'Image', hash) }] });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain(hash);

    const wrong = await s.app.inject({ method: 'PUT', url: `/api/v1/admin/media/${'0'.repeat(64)}`, payload: bytes, headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'image/png' } });
    expect(wrong.statusCode).toBe(400);
    const up = await s.app.inject({ method: 'PUT', url: `/api/v1/admin/media/${hash}`, payload: bytes, headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'image/png' } });
    expect(up.statusCode).toBe(201);
    const captions = Buffer.from('WEBVTT\n');
    const captionsHash = createHash('sha256').update(captions).digest('hex');
    const asText = await s.app.inject({ method: 'PUT', url: `/api/v1/admin/media/${captionsHash}`, payload: captions, headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'text/html' } });
    expect(asText.statusCode).toBe(415);
    expect(asText.json().message).toContain('text/vtt');
    const asVtt = await s.app.inject({ method: 'PUT', url: `/api/v1/admin/media/${captionsHash}`, payload: captions, headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'text/vtt' } });
    expect(asVtt.statusCode).toBe(201);
    expect((await s.admin('PUT', '/api/v1/admin/lessons', { lessons: [{ siteId: null, lesson: lesson('with-image', 'Image', hash) }] })).status).toBe(200);

    const got = await s.app.inject({ url: `/api/v1/media/${hash}`, headers: t.headers });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(bytes)).toBe(true);
    // Addressed by its hash, so it never changes: the API's no-store does not apply to it.
    expect(got.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect((await s.app.inject({ url: `/api/v1/media/${hash}` })).statusCode).toBe(401);
    expect((await s.app.inject({ url: `/api/v1/media/${'1'.repeat(64)}`, headers: t.headers })).statusCode).toBe(404);
  });
});
