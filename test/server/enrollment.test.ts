import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enrollResponse } from '../../common/contracts/sync';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { enroll, newCode, seedLessons, seedSite, seedWorkers, SERVER_URL, startTestServer, XAPI, type TestServer } from './helpers';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant-2', ['press-line-4']);
  await seedSite(s, 'plant-9', ['paint-1']);
  await seedWorkers(s, 'plant-9', ['E1001']);
  await seedLessons(s, ['lockout-tagout']);
});
afterAll(() => s.close());

const post = (code: string) => s.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, terminalName: 'Press 4 kiosk' } });

describe('enrollment', () => {
  it('exchanges a good code for a credential for that site and station', async () => {
    const code = await newCode(s, 'plant-2', 'press-line-4');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const res = await post(code.toLowerCase().replace(/-/g, ' '));
    expect(res.statusCode).toBe(200);
    const body = enrollResponse.parse(res.json());
    expect(body.site).toEqual({ id: 'plant-2', name: 'Site plant-2' });
    expect(body.station.id).toBe('press-line-4');
    expect(body.publicUrl).toBe(SERVER_URL);
    const stored = await s.db.query<{ credential_hash: string }>('SELECT credential_hash FROM terminals WHERE id = $1', [body.terminalId]);
    expect(stored.rows[0].credential_hash).not.toContain(body.credential);
    const pull = await s.app.inject({ url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${body.terminalId}.${body.credential}` } });
    expect(pull.statusCode).toBe(200);
  });

  it('refuses a wrong code with 401 and a fix', async () => {
    const res = await post('AAAA-BBBB-CCCC-DDDD');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'enrollment-code-unknown', message: expect.stringMatching(/new code/) });
  });

  it('refuses an expired code', async () => {
    const code = await newCode(s, 'plant-2', 'press-line-4', 3600);
    const before = s.clock.now;
    s.clock.now = new Date(before.getTime() + 3601_000);
    try {
      const res = await post(code);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'enrollment-code-expired', message: expect.stringMatching(/expired/) });
    } finally {
      s.clock.now = before;
    }
  });

  it('refuses a code used before', async () => {
    const code = await newCode(s, 'plant-2', 'press-line-4');
    expect((await post(code)).statusCode).toBe(200);
    const again = await post(code);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error: 'enrollment-code-used' });
  });

  it('rejects a malformed request naming the field', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code: 'X' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/terminalName/);
  });

  it('admin endpoints need an admin token', async () => {
    const none = await s.app.inject({ method: 'POST', url: '/api/v1/admin/sites', payload: { id: 'x', name: 'X' } });
    expect(none.statusCode).toBe(401);
    const t = await enroll(s, 'plant-2', 'press-line-4');
    const asTerminal = await s.app.inject({ method: 'POST', url: '/api/v1/admin/sites', payload: { id: 'x', name: 'X' }, headers: t.headers });
    expect(asTerminal.statusCode).toBe(401);
  });
});

describe('a retried enrollment whose answer was lost', () => {
  let start: Date;
  beforeEach(() => {
    start = s.clock.now;
  });
  afterEach(() => {
    s.clock.now = start;
  });
  const requestId = (fill: string) => fill.repeat(43);
  const postWith = (code: string, id?: string) =>
    s.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, terminalName: 'Press 4 kiosk', ...(id ? { requestId: id } : {}) } });
  const pullWith = (body: { terminalId: string; credential: string }) =>
    s.app.inject({ url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${body.terminalId}.${body.credential}` } });

  it('same code and request id: the same terminal with a new credential, and only the new one works', async () => {
    const code = await newCode(s, 'plant-2', 'press-line-4');
    const first = enrollResponse.parse((await postWith(code, requestId('a'))).json());
    s.clock.now = new Date(s.clock.now.getTime() + 14 * 60_000);
    const retry = await postWith(code, requestId('a'));
    expect(retry.statusCode).toBe(200);
    const second = enrollResponse.parse(retry.json());
    expect(second.terminalId).toBe(first.terminalId);
    expect(second.credential).not.toBe(first.credential);
    expect(second.site.id).toBe('plant-2');
    expect((await pullWith(second)).statusCode).toBe(200);
    expect((await pullWith(first)).json()).toMatchObject({ error: 'bad-credential' });
    expect((await s.db.query('SELECT 1 FROM terminals WHERE id = $1', [first.terminalId])).rowCount).toBe(1);
  });

  it('another request id, or none, is refused as a used code and gets nothing', async () => {
    const code = await newCode(s, 'plant-2', 'press-line-4');
    const first = enrollResponse.parse((await postWith(code, requestId('b'))).json());
    for (const other of [requestId('c'), undefined]) {
      const res = await postWith(code, other);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'enrollment-code-used', message: expect.stringMatching(/new code/) });
    }
    expect((await pullWith(first)).statusCode).toBe(200);
  });

  it('after 15 minutes, or once the terminal was revoked, the same request id is refused too', async () => {
    const late = await newCode(s, 'plant-2', 'press-line-4');
    const first = enrollResponse.parse((await postWith(late, requestId('d'))).json());
    s.clock.now = new Date(s.clock.now.getTime() + 15 * 60_000 + 1000);
    expect((await postWith(late, requestId('d'))).json()).toMatchObject({ error: 'enrollment-code-used' });
    expect((await pullWith(first)).statusCode).toBe(200);

    const revoked = await newCode(s, 'plant-2', 'press-line-4');
    const terminal = enrollResponse.parse((await postWith(revoked, requestId('e'))).json());
    await s.admin('POST', `/api/v1/admin/terminals/${terminal.terminalId}/revoke`);
    expect((await postWith(revoked, requestId('e'))).json()).toMatchObject({ error: 'enrollment-code-used' });
  });

  it('a malformed request id is refused naming the field and the fix', async () => {
    const res = await postWith(await newCode(s, 'plant-2', 'press-line-4'), 'short');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/requestId.*same one on every retry/);
  });
});

describe('terminal credentials', () => {
  it('a wrong credential is 401', async () => {
    const t = await enroll(s, 'plant-2', 'press-line-4');
    const res = await s.app.inject({ url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${t.terminalId}.${'x'.repeat(43)}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('bad-credential');
  });

  it('a revoked terminal is refused with 403 on its very next call', async () => {
    const t = await enroll(s, 'plant-2', 'press-line-4');
    expect((await s.app.inject({ url: '/api/v1/sync/pull', headers: t.headers })).statusCode).toBe(200);
    expect((await s.admin('POST', `/api/v1/admin/terminals/${t.terminalId}/revoke`)).status).toBe(200);
    const pull = await s.app.inject({ url: '/api/v1/sync/pull', headers: t.headers });
    expect(pull.statusCode).toBe(403);
    expect(pull.json()).toMatchObject({ error: 'terminal-revoked', message: expect.stringMatching(/enroll/) });
    const push = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI }, payload: [] });
    expect(push.statusCode).toBe(403);
  });
});

describe('a terminal stays within its own site', () => {
  const completion = (id: string) => ({
    id,
    employeeId: 'E1001',
    workerName: 'Ana',
    lessonId: 'lockout-tagout',
    lessonVersion: 1,
    lessonTitle: 'Lockout',
    language: 'en',
    score: 1,
    passed: true,
    durationMs: 60_000,
    completedAt: '2026-11-25T07:00:00.000Z',
  });

  it('cannot write statements claiming another site', async () => {
    const t = await enroll(s, 'plant-2', 'press-line-4');
    const statement = buildCompletionStatement(completion('0b7e5a52-6a4e-4a8e-9d51-1b4f8d5b0c01'), {
      serverUrl: SERVER_URL,
      siteId: 'plant-9',
      stationId: 'paint-1',
      terminalId: t.terminalId,
    });
    const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI }, payload: [statement] });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'wrong-site', message: expect.stringMatching(/plant-9/) });
    expect((await s.db.query('SELECT 1 FROM statements WHERE id = $1', [statement.id])).rowCount).toBe(0);
  });

  it('cannot read statements or roster of another site', async () => {
    const other = await enroll(s, 'plant-9', 'paint-1');
    const mine = await enroll(s, 'plant-2', 'press-line-4');
    const statement = buildCompletionStatement(completion('0b7e5a52-6a4e-4a8e-9d51-1b4f8d5b0c02'), {
      serverUrl: SERVER_URL,
      siteId: 'plant-9',
      stationId: 'paint-1',
      terminalId: other.terminalId,
    });
    expect((await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...other.headers, ...XAPI }, payload: statement })).statusCode).toBe(200);

    const byId = await s.app.inject({ url: `/xapi/statements?statementId=${statement.id}`, headers: { ...mine.headers, ...XAPI } });
    expect(byId.statusCode).toBe(404);
    const list = await s.app.inject({ url: '/xapi/statements', headers: { ...mine.headers, ...XAPI } });
    expect(list.json().statements.map((x: { id: string }) => x.id)).not.toContain(statement.id);
    const ownerList = await s.app.inject({ url: '/xapi/statements', headers: { ...other.headers, ...XAPI } });
    expect(ownerList.json().statements.map((x: { id: string }) => x.id)).toContain(statement.id);

    const pull = await s.app.inject({ url: '/api/v1/sync/pull', headers: mine.headers });
    const sites = pull.json().changes.filter((c: { kind: string }) => c.kind === 'site' || c.kind === 'station').map((c: { data: { id: string } }) => c.data.id);
    expect(sites).toEqual(['plant-2', 'press-line-4']);
  });
});
