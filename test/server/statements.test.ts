import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLrsKey } from '../../server/admin';
import { buildCompletionStatement, type KioskCompletion } from '../../common/xapi/completion';
import { enroll, seedLessons, seedSite, seedWorkers, SERVER_URL, startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

let s: TestServer;
let t: EnrolledTerminal;

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function completion(n: number, over: Partial<KioskCompletion> = {}): KioskCompletion {
  return {
    id: uuid(n),
    employeeId: `E${1000 + (n % 3)}`,
    workerName: 'Ana Noor',
    lessonId: n % 2 === 0 ? 'lockout-tagout' : 'forklift-basics',
    lessonVersion: 2,
    lessonTitle: 'Lockout',
    language: 'en',
    score: 0.75,
    passed: n % 5 !== 0,
    durationMs: 90_500,
    completedAt: `2026-11-25T07:${String(n % 60).padStart(2, '0')}:00.000Z`,
    ...over,
  };
}

const statementOf = (n: number, over: Partial<KioskCompletion> = {}) =>
  buildCompletionStatement(completion(n, over), { serverUrl: SERVER_URL, siteId: 'plant-2', stationId: 'press-line-4', terminalId: t.terminalId });

const postStatements = (payload: unknown, headers: Record<string, string> = { ...t.headers, ...XAPI }) =>
  s.app.inject({ method: 'POST', url: '/xapi/statements', headers, payload: payload as object });

const get = (query: string, headers: Record<string, string> = { ...t.headers, ...XAPI }) => s.app.inject({ url: `/xapi/statements${query}`, headers });

/** The same JSON with every object's keys in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  return v;
}

const countStored = async () => Number((await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM statements')).rows[0].n);

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant-2', ['press-line-4']);
  await seedWorkers(s, 'plant-2', ['E1000', 'E1001', 'E1002']);
  await seedLessons(s, ['lockout-tagout', 'forklift-basics']);
  t = await enroll(s, 'plant-2', 'press-line-4');
});
afterAll(() => s.close());

describe('POST /xapi/statements', () => {
  it('stores a kiosk batch and returns the ids in order, with stored and authority set by the server', async () => {
    const batch = [1, 2, 3].map((n) => statementOf(n));
    const res = await postStatements(batch);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-experience-api-version']).toBe('1.0.3');
    expect(res.json()).toEqual(batch.map((b) => b.id));
    const one = await get(`?statementId=${uuid(2)}`);
    expect(one.statusCode).toBe(200);
    const stored = one.json();
    expect(stored).toMatchObject({ ...batch[1], version: '1.0.3', authority: { account: { name: `terminal:${t.terminalId}` } } });
    expect(Date.parse(stored.stored)).not.toBeNaN();
  });

  it('requires the X-Experience-API-Version header', async () => {
    const res = await postStatements([statementOf(4)], t.headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/X-Experience-API-Version/);
  });

  it('rejects an invalid statement with 400 naming the field path, storing nothing of the batch', async () => {
    const bad = statementOf(6) as any;
    bad.result.score.scaled = 1.5;
    const before = await countStored();
    const res = await postStatements([statementOf(5), bad]);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/\[1\]\.result\.score\.scaled/);
    const noVerb = { ...statementOf(7), verb: { id: 'not an iri' } };
    const res2 = await postStatements(noVerb);
    expect(res2.statusCode).toBe(400);
    expect(res2.json().message).toMatch(/verb\.id/);
    const unknownField = { ...statementOf(8), mood: 'happy' };
    expect((await postStatements(unknownField)).json().message).toMatch(/mood/);
    expect(await countStored()).toBe(before);
  });

  it('accepts the same statement again as a no-op, whatever its key order', async () => {
    const st = statementOf(10);
    expect((await postStatements([st])).statusCode).toBe(200);
    const before = await countStored();
    const reordered = reverseKeys(st);
    const again = await postStatements([reordered, statementOf(11)]);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual([st.id, uuid(11)]);
    expect(await countStored()).toBe(before + 1);
  });

  it('refuses a batch with 409 naming the id when an id is stored with different content', async () => {
    expect((await postStatements([statementOf(20)])).statusCode).toBe(200);
    const changed = statementOf(20, { score: 0.5 });
    const before = await countStored();
    const res = await postStatements([statementOf(21), changed]);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'statement-conflict', statementIds: [uuid(20)], message: expect.stringContaining(uuid(20)) });
    expect(await countStored()).toBe(before);
  });

  it('PUT stores under statementId, and is idempotent', async () => {
    const st = statementOf(30);
    const { id, ...body } = st;
    const put = () => s.app.inject({ method: 'PUT', url: `/xapi/statements?statementId=${id}`, headers: { ...t.headers, ...XAPI }, payload: body });
    expect((await put()).statusCode).toBe(204);
    expect((await put()).statusCode).toBe(204);
    expect((await get(`?statementId=${id}`)).json().id).toBe(id);
    const mismatch = await s.app.inject({ method: 'PUT', url: `/xapi/statements?statementId=${uuid(31)}`, headers: { ...t.headers, ...XAPI }, payload: st });
    expect(mismatch.statusCode).toBe(400);
  });

  it('lets an LRS reporting tool read with HTTP Basic, and refuses a wrong secret', async () => {
    const { key, secret } = await createLrsKey(s.db, 'reports');
    const basic = (k: string, sec: string) => ({ authorization: `Basic ${Buffer.from(`${k}:${sec}`).toString('base64')}`, ...XAPI });
    const ok = await get('?limit=1', basic(key, secret));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().statements).toHaveLength(1);
    expect((await get('?limit=1', basic(key, 'nope'))).statusCode).toBe(401);
  });
});

describe('GET /xapi/statements', () => {
  beforeAll(async () => {
    const batch = Array.from({ length: 25 }, (_, i) => statementOf(100 + i));
    expect((await postStatements(batch)).statusCode).toBe(200);
  });

  it('filters by verb, activity and agent', async () => {
    const passed = (await get(`?verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/failed')}&limit=0`)).json().statements;
    expect(passed.length).toBeGreaterThan(0);
    expect(passed.every((x: any) => x.verb.id.endsWith('/failed'))).toBe(true);

    const activity = `${SERVER_URL}/activities/lesson/forklift-basics`;
    const byActivity = (await get(`?activity=${encodeURIComponent(activity)}&limit=0`)).json().statements;
    expect(byActivity.length).toBeGreaterThan(0);
    expect(byActivity.every((x: any) => x.object.id === activity)).toBe(true);

    const agent = JSON.stringify({ objectType: 'Agent', account: { homePage: SERVER_URL, name: 'E1001' } });
    const byAgent = (await get(`?agent=${encodeURIComponent(agent)}&limit=0`)).json().statements;
    expect(byAgent.length).toBeGreaterThan(0);
    expect(byAgent.every((x: any) => x.actor.account.name === 'E1001')).toBe(true);

    expect((await get('?agent=notjson')).statusCode).toBe(400);
  });

  it('filters by stored time with since and until', async () => {
    const all = (await get('?limit=0&ascending=true')).json().statements;
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await get(`?since=${encodeURIComponent(future)}`)).json().statements).toEqual([]);
    expect((await get(`?until=${encodeURIComponent(future)}&limit=0`)).json().statements).toHaveLength(all.length);
  });

  it('pages with an opaque more link until every statement was seen once', async () => {
    for (const ascending of [true, false]) {
      const seen: string[] = [];
      let url = `/xapi/statements?limit=7&ascending=${ascending}`;
      for (let pages = 0; url; pages++) {
        expect(pages).toBeLessThan(50);
        const res = await s.app.inject({ url, headers: { ...t.headers, ...XAPI } });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.statements.length).toBeLessThanOrEqual(7);
        seen.push(...body.statements.map((x: { id: string }) => x.id));
        url = body.more;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(await countStored());
      if (ascending) expect(seen.indexOf(uuid(100))).toBeLessThan(seen.indexOf(uuid(124)));
      else expect(seen.indexOf(uuid(124))).toBeLessThan(seen.indexOf(uuid(100)));
    }
  });

  it('answers 404 for an unknown id and 400 for a forged more cursor', async () => {
    expect((await get(`?statementId=${uuid(999_999)}`)).statusCode).toBe(404);
    expect((await get('?more=garbage')).statusCode).toBe(400);
  });
});
