import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLrsKey } from '../../server/admin';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { enroll, seedLessons, seedSite, seedWorkers, SERVER_URL, startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

/** Voiding (Data 2.3.2, Communication 2.1.4) and the About resource (Communication 2.8). */

let s: TestServer;
let lrs: Record<string, string>;
let terminalA: EnrolledTerminal;
let terminalB: EnrolledTerminal;

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
const voiding = (target: string) => ({ id: randomUUID(), actor: { mbox: 'mailto:admin@example.com' }, verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: target } });
const plain = () => ({ id: randomUUID(), actor: { mbox: 'mailto:ana@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: `http://example.com/a/${randomUUID()}` } });
const post = (body: unknown, h: Record<string, string>) => s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...h, ...XAPI }, payload: body as object });
const get = (query: string, h: Record<string, string> = lrs) => s.app.inject({ url: `/xapi/statements${query}`, headers: { ...h, ...XAPI } });

function completion(site: string, t: EnrolledTerminal, employeeId: string) {
  const id = randomUUID();
  const st = buildCompletionStatement(
    { id, employeeId, workerName: 'W', lessonId: 'lockout', lessonVersion: 1, lessonTitle: 'Lockout', language: 'en', score: 1, passed: true, durationMs: 60_000, completedAt: '2026-11-25T07:00:00.000Z' },
    { serverUrl: SERVER_URL, siteId: site, stationId: 'st', terminalId: t.terminalId },
  );
  return { ...st, id };
}

beforeAll(async () => {
  s = await startTestServer();
  const { key, secret } = await createLrsKey(s.db, 'tool', true);
  lrs = { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
  await seedSite(s, 'site-a', ['st']);
  await seedSite(s, 'site-b', ['st']);
  await seedWorkers(s, 'site-a', ['A1']);
  await seedWorkers(s, 'site-b', ['B1']);
  await seedLessons(s, ['lockout']);
  terminalA = await enroll(s, 'site-a', 'st');
  terminalB = await enroll(s, 'site-b', 'st');
});
afterAll(() => s.close());

describe('Data 2.3.2 voiding', () => {
  it('Data 2.3.2 a voiding statement must have a StatementRef object', async () => {
    const res = await post({ ...voiding(randomUUID()), object: { id: 'http://example.com/a' } }, lrs);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/object: a voiding statement.*StatementRef.*Data 2\.3\.2/);
  });

  it('Communication 2.1.4 a voided statement leaves queries, is 404 by statementId and returned by voidedStatementId', async () => {
    const target = plain();
    expect((await post(target, lrs)).statusCode).toBe(200);
    const voider = voiding(target.id);
    expect((await post(voider, lrs)).statusCode).toBe(200);
    const listed = (await get('?limit=0')).json().statements.map((x: { id: string }) => x.id);
    expect(listed).toContain(voider.id);
    expect(listed).not.toContain(target.id);
    expect((await get(`?statementId=${target.id}`)).statusCode).toBe(404);
    const back = await get(`?voidedStatementId=${target.id}`);
    expect(back.statusCode).toBe(200);
    expect(back.json().id).toBe(target.id);
    expect((await get(`?voidedStatementId=${voider.id}`)).statusCode).toBe(404);
  });

  it('Data 2.3.2 a voiding statement cannot be voided', async () => {
    const target = plain();
    const voider = voiding(target.id);
    expect((await post([target, voider], lrs)).statusCode).toBe(200);
    const res = await post(voiding(voider.id), lrs);
    expect(res.statusCode).toBe(400);
    expect((await get(`?statementId=${voider.id}`)).statusCode).toBe(200);
  });

  it('terminals void only their own site statements, and a voided completion counts for no one', async () => {
    const own = completion('site-a', terminalA, 'A1');
    const other = completion('site-b', terminalB, 'B1');
    expect((await post(own, terminalA.headers)).statusCode).toBe(200);
    expect((await post(other, terminalB.headers)).statusCode).toBe(200);
    const asWorker = (target: string) => ({ ...voiding(target), actor: { account: { homePage: SERVER_URL, name: 'A1' } } });
    const refused = await post(asWorker(other.id), terminalA.headers);
    expect(refused.statusCode).toBe(404);
    expect((await get(`?statementId=${other.id}`, terminalB.headers)).statusCode).toBe(200);
    expect((await post(asWorker(randomUUID()), terminalA.headers)).statusCode).toBe(404);
    expect((await post(asWorker(own.id), terminalA.headers)).statusCode).toBe(200);
    const row = await s.db.query<{ employee_id: string | null }>('SELECT employee_id FROM statements WHERE id = $1', [own.id]);
    expect(row.rows[0].employee_id).toBeNull();
  });

  it('an LRS key cannot void a completion that counts for a worker', async () => {
    const counted = completion('site-b', terminalB, 'B1');
    expect((await post(counted, terminalB.headers)).statusCode).toBe(200);
    expect((await post(voiding(counted.id), lrs)).statusCode).toBe(403);
    expect((await get(`?statementId=${counted.id}`)).statusCode).toBe(200);
  });
});

describe('Communication 2.8 About resource', () => {
  it('Communication 2.8 GET /xapi/about answers the version without credentials or version header', async () => {
    const res = await s.app.inject({ url: '/xapi/about' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ version: ['1.0.3'] });
    expect(res.headers['x-experience-api-version']).toBe('1.0.3');
  });
});
