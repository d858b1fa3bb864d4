import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { buildApp } from '../../server/app';
import { captureLog } from './log-capture';
import { enroll, seedLessons, seedSite, seedWorkers, SERVER_URL, startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

/** Issue 11 repro 6: hostile input is a 4xx naming the field, never a 500 that a terminal retries forever. */

let s: TestServer;
let t: EnrolledTerminal;
let n = 0;

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant-2', ['press-line-4']);
  // a terminal writes only for its site's workers and lessons
  await seedWorkers(s, 'plant-2', ['E100']);
  await seedLessons(s, ['lockout-tagout']);
  t = await enroll(s, 'plant-2', 'press-line-4');
});
afterAll(() => s.close());

function statement(over: (st: Record<string, any>) => void = () => undefined): Record<string, any> {
  n++;
  const st = buildCompletionStatement(
    {
      id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
      employeeId: 'E100',
      workerName: 'Ana Noor',
      lessonId: 'lockout-tagout',
      lessonVersion: 1,
      lessonTitle: 'Lockout',
      language: 'en',
      score: 0.5,
      passed: true,
      durationMs: 60_000,
      completedAt: '2026-11-25T07:00:00.000Z',
    },
    { serverUrl: SERVER_URL, siteId: 'plant-2', stationId: 'press-line-4', terminalId: t.terminalId },
  ) as unknown as Record<string, any>;
  over(st);
  return st;
}

const postText = (body: string) => s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI, 'content-type': 'application/json' }, payload: body });
const post = (payload: unknown) => postText(JSON.stringify(payload));
const get = (query: string) => s.app.inject({ url: `/xapi/statements${query}`, headers: { authorization: `Bearer ${s.adminToken}`, ...XAPI } });

describe('hostile input at the server (issue 11 repro 6)', () => {
  it('a NUL or a lone surrogate in any statement string or key is 400 naming the field', async () => {
    const cases: [Record<string, any>, RegExp][] = [
      [statement((st) => (st.verb.display['en-US'] = 'done\u0000')), /verb\.display\.en-US: contains the NUL character/],
      [statement((st) => (st.object.definition.name['en-US'] = 'Lock\uD800out')), /object\.definition\.name\.en-US: contains a lone UTF-16 surrogate/],
      [statement((st) => (st.context.extensions['http://learn.test/xapi/ext/x\u0000'] = 1)), /context\.extensions.*key contains the NUL character/],
      [statement((st) => (st.result.response = '\uDC00')), /result\.response: contains a lone UTF-16 surrogate/],
    ];
    for (const [st, message] of cases) {
      const res = await post([statement(), st]);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid-statement', message: expect.stringMatching(message) });
    }
    // a valid surrogate pair (an emoji) is fine
    expect((await post([statement((st) => (st.result.response = 'ok 👍'))])).statusCode).toBe(200);
  });

  it('extensions nested 5,000 deep are 400 (a depth limit), not a stack overflow', async () => {
    // written as text: JSON.stringify itself would overflow the stack on it
    const deep = `${'{"http://learn.test/xapi/ext/d":'.repeat(5000)}"bottom"${'}'.repeat(5000)}`;
    const body = JSON.stringify(statement((st) => (st.context.extensions['http://learn.test/xapi/ext/deep'] = 'DEEP'))).replace('"DEEP"', deep);
    const res = await postText(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid-statement', message: expect.stringMatching(/nested deeper than 32 levels/) });
  });

  it('a forged more cursor and NUL in GET filters are 400 naming the parameter', async () => {
    const forged = Buffer.from(JSON.stringify({ agent: null, verb: null, activity: null, since: null, until: 'not-a-date', limit: 10, ascending: false, after: 5 })).toString('base64url');
    const more = await get(`?more=${forged}`);
    expect(more.statusCode).toBe(400);
    expect(more.json()).toMatchObject({ error: 'invalid-query', message: expect.stringMatching(/^query parameter more:/) });
    const nulVerb = Buffer.from(JSON.stringify({ agent: null, verb: 'x\u0000', activity: null, since: null, until: null, limit: 10, ascending: false, after: 5 })).toString('base64url');
    expect((await get(`?more=${nulVerb}`)).statusCode).toBe(400);
    for (const q of ['?verb=%00', '?activity=a%00b', '?agent=%00']) {
      const res = await get(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().message).toMatch(/^query parameter (verb|activity|agent): contains the NUL character/);
    }
  });

  it('a roster CSV with NUL in a cell is a row error (dry run and apply), not a 500', async () => {
    const csv = 'badge_id,employee_id,name,language,site,roles,stations,supervisor\r\n04A1B2C3D4,E100,Ana\u0000Lopez,en,plant-2,operator,press-line-4,no\r\n';
    for (const dry of [true, false]) {
      const res = await s.app.inject({
        method: 'POST',
        url: `/api/v1/admin/roster/import${dry ? '?dryRun=true' : ''}`,
        headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().errors).toEqual([{ row: 2, column: 'name', message: expect.stringMatching(/NUL character/) }]);
    }
  });

  it('a 500 does not promise that a retry is safe, and its log line carries no statement content', async () => {
    const log = captureLog();
    const app = await buildApp({ db: s.db, serverUrl: SERVER_URL, logger: log.logger });
    await s.db.query('ALTER TABLE statements ADD CONSTRAINT broken CHECK (verb_id IS NULL) NOT VALID');
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/xapi/statements',
        headers: { ...t.headers, ...XAPI, 'content-type': 'application/json' },
        payload: JSON.stringify(statement((st) => (st.result.response = 'SECRET-ANSWER-TEXT'))),
      });
      expect(res.statusCode).toBe(500);
      expect(res.json().message).not.toMatch(/safe/);
      expect(res.json().message).toMatch(/may fail the same way/);
      expect(log.text()).toMatch(/request failed/);
      expect(log.text()).not.toMatch(/SECRET-ANSWER-TEXT|Ana Noor/);
    } finally {
      await s.db.query('ALTER TABLE statements DROP CONSTRAINT broken');
      await app.close();
    }
  });
});
