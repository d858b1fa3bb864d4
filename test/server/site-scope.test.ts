import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { enroll, seedSite, seedWorkers, SERVER_URL, startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

/** Issue 12 items 5 and 6, over real HTTP: a terminal learns nothing of another site's media or statements. */
let s: TestServer;
let base: string;
let terminalA: EnrolledTerminal;
let terminalB: EnrolledTerminal;
const png = (text: string) => Buffer.from(`\x89PNG ${text}`);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const media = { a: png('site a only'), b: png('site b only'), global: png('every site'), orphan: png('in no lesson') };

function imageLesson(id: string, hash: string) {
  return { id, version: 1, language: 'en', title: id, summary: '', durationMinutes: 3, skills: [], roles: [], stations: [], prerequisites: [], recertifyAfterDays: null, tags: [], cards: [{ kind: 'text', id: 'c1', markdown: `![diagram](media:${hash})` }] };
}

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'site-a', ['press']);
  await seedSite(s, 'site-b', ['dock']);
  await seedWorkers(s, 'site-a', ['A-1']);
  await seedWorkers(s, 'site-b', ['B-1']);
  for (const bytes of Object.values(media)) {
    const up = await s.app.inject({ method: 'PUT', url: `/api/v1/admin/media/${sha(bytes)}`, payload: bytes, headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'image/png' } });
    expect(up.statusCode).toBe(201);
  }
  const lessons = [
    { siteId: 'site-a', lesson: imageLesson('a-lesson', sha(media.a)) },
    { siteId: 'site-b', lesson: imageLesson('b-lesson', sha(media.b)) },
    { siteId: null, lesson: imageLesson('global-lesson', sha(media.global)) },
  ];
  expect((await s.admin('PUT', '/api/v1/admin/lessons', { lessons })).status).toBe(200);
  terminalA = await enroll(s, 'site-a', 'press');
  terminalB = await enroll(s, 'site-b', 'dock');
  base = await s.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => s.close());

const get = (path: string, t: EnrolledTerminal, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { ...t.headers, ...headers } });

describe('issue 12 item 5: media only for lessons published to the terminal\'s site', () => {
  it('site A\'s terminal gets its own and global media, and 404 (as for no such file) for site B\'s media and media no lesson shows', async () => {
    const own = await get(`/api/v1/media/${sha(media.a)}`, terminalA);
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(media.a)).toBe(true);
    expect((await get(`/api/v1/media/${sha(media.global)}`, terminalA)).status).toBe(200);

    const other = await get(`/api/v1/media/${sha(media.b)}`, terminalA);
    const unknown = await get(`/api/v1/media/${'e'.repeat(64)}`, terminalA);
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect((await other.json()).error).toBe((await unknown.json()).error);
    expect((await get(`/api/v1/media/${sha(media.orphan)}`, terminalA)).status).toBe(404);
    expect((await get(`/api/v1/media/${sha(media.b)}`, terminalB)).status).toBe(200);
  });

  it('a withdrawn lesson takes its media with it', async () => {
    expect((await s.admin('DELETE', '/api/v1/admin/lessons/b-lesson/en')).status).toBe(200);
    expect((await get(`/api/v1/media/${sha(media.b)}`, terminalB)).status).toBe(404);
  });
});

describe('issue 12 item 6: no existence oracle across sites', () => {
  const statementOf = (employeeId: string, site: string, t: EnrolledTerminal) =>
    buildCompletionStatement(
      { id: randomUUID(), employeeId, workerName: employeeId, lessonId: 'global-lesson', lessonVersion: 1, lessonTitle: 'g', language: 'en', score: null, passed: null, durationMs: 1000, completedAt: '2026-11-25T07:00:00.000Z' },
      { serverUrl: SERVER_URL, siteId: site, stationId: 'x', terminalId: t.terminalId },
    );
  const send = (method: 'POST' | 'PUT', t: EnrolledTerminal, body: unknown, query = '') =>
    fetch(`${base}/xapi/statements${query}`, { method, headers: { ...t.headers, ...XAPI, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('another site\'s statement id answers 404 like an unknown one, for GET, PUT with the same or different content, and POST', async () => {
    const bStatement = statementOf('B-1', 'site-b', terminalB);
    expect((await send('POST', terminalB, bStatement)).status).toBe(200);

    const byId = await get(`/xapi/statements?statementId=${bStatement.id}`, terminalA, XAPI);
    const unknownId = await get(`/xapi/statements?statementId=${randomUUID()}`, terminalA, XAPI);
    expect(byId.status).toBe(404);
    expect(unknownId.status).toBe(404);
    expect((await byId.json()).error).toBe((await unknownId.json()).error);

    // site A's own worker under site B's id: same or different content, the answer is the same 404
    const same = { ...statementOf('A-1', 'site-a', terminalA), id: bStatement.id };
    const different = { ...same, result: { completion: true } };
    for (const body of [same, different]) {
      const put = await send('PUT', terminalA, body, `?statementId=${bStatement.id}`);
      expect(put.status).toBe(404);
      expect((await put.json()).error).toBe('statement-not-found');
    }
    const post = await send('POST', terminalA, [statementOf('A-1', 'site-a', terminalA), same]);
    expect(post.status).toBe(404);
    expect((await s.db.query('SELECT site_id FROM statements WHERE id = $1', [bStatement.id])).rows).toEqual([{ site_id: 'site-b' }]);

    // the owner still gets its idempotent answers
    expect((await send('PUT', terminalB, bStatement, `?statementId=${bStatement.id}`)).status).toBe(204);
    expect((await get(`/xapi/statements?statementId=${bStatement.id}`, terminalB, XAPI)).status).toBe(200);
  });
});
