import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skillMatrixResponse } from '../../common/contracts/dashboard';
import { buildCompletionStatement, extensionIri } from '../../common/xapi/completion';
import type { Statement } from '../../common/xapi/statement';
import { createLrsKey } from '../../server/admin';
import { buildApp } from '../../server/app';
import { createUser } from '../../server/dashboard/users';
import { captureLog } from './log-capture';
import { enroll, openTestDb, SERVER_URL, XAPI, type EnrolledTerminal, type TestServer } from './helpers';
import { createAdminToken } from '../../server/admin';
import { signIn, PASSWORD } from './dashboard-fixture';

/**
 * Who may say what (issue 10): a terminal writes only for its own site's workers and lessons, LRS
 * keys read unless created to write, admin tokens write anything; the dashboard counts a completion
 * only when its writer may speak for that worker.
 */
/**
 * writer x statement -> status and whether the dashboard then counts the worker done. "Own site" is
 * site A (site B for terminal B): its worker, with the site extension; "other site" is the other
 * site's worker with that site's extension; "no site claim" is the other site's worker without it.
 */
const MATRIX: Array<[writer: string, kind: 'own-site' | 'other-site' | 'no-site-claim', status: number, counted: boolean]> = [
  ['terminalA', 'own-site', 200, true],
  ['terminalA', 'other-site', 403, false],
  ['terminalA', 'no-site-claim', 403, false],
  ['terminalB', 'own-site', 200, true],
  ['terminalB', 'other-site', 403, false],
  ['terminalB', 'no-site-claim', 403, false],
  ['lrsRead', 'own-site', 403, false],
  ['lrsRead', 'other-site', 403, false],
  ['lrsRead', 'no-site-claim', 403, false],
  ['lrsWrite', 'own-site', 200, false],
  ['lrsWrite', 'other-site', 200, false],
  ['lrsWrite', 'no-site-claim', 200, false],
  ['admin', 'own-site', 200, true],
  ['admin', 'other-site', 200, true],
  ['admin', 'no-site-claim', 200, true],
];

let s: TestServer;
let log: ReturnType<typeof captureLog>;
let terminalA: EnrolledTerminal;
let terminalB: EnrolledTerminal;
let cookie: string;
const writers: Record<string, Record<string, string>> = {};
const DAY = 86_400_000;

const SITES = { a: 'site-a', b: 'site-b' } as const;
const STATIONS = { a: 'press', b: 'dock' } as const;

beforeAll(async () => {
  const { db, dispose } = await openTestDb();
  log = captureLog();
  const clock = { now: new Date('2026-11-25T08:00:00.000Z') };
  const app = await buildApp({ db, serverUrl: SERVER_URL, now: () => clock.now, logger: log.logger, maxClockSkewMs: 5 * 60_000 });
  const { token } = await createAdminToken(db, 'tests');
  const admin: TestServer['admin'] = async (method, url, payload) => {
    const res = await app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  s = { app, db, adminToken: token, clock, admin, close: async () => (await app.close(), await dispose()) };

  for (const k of ['a', 'b'] as const) {
    expect((await admin('POST', '/api/v1/admin/sites', { id: SITES[k], name: SITES[k] })).status).toBe(201);
    expect((await admin('POST', '/api/v1/admin/stations', { siteId: SITES[k], id: STATIONS[k], name: STATIONS[k] })).status).toBe(201);
  }
  const lesson = (id: string) => ({ id, version: 1, language: 'en', title: id, summary: '', durationMinutes: 3, skills: [], roles: [], stations: [], prerequisites: [], recertifyAfterDays: 365, tags: [], cards: [{ kind: 'text', id: 'c1', markdown: 'x' }] });
  expect((await admin('PUT', '/api/v1/admin/lessons', { lessons: [{ siteId: null, lesson: lesson('lockout') }, { siteId: SITES.b, lesson: lesson('b-crane') }] })).status).toBe(200);
  expect(
    (await admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: SITES.a, stationId: STATIONS.a, lessons: ['lockout'] }, { siteId: SITES.b, stationId: STATIONS.b, lessons: ['lockout', 'b-crane'] }] })).status,
  ).toBe(200);
  // one worker per matrix row, so each row's dashboard count starts from nothing
  const ids = [...MATRIX.map(([writer, kind]) => `${writer}-${kind}`), 'repro', 'legacy'];
  const workers = (['a', 'b'] as const).flatMap((k) => ids.map((id) => ({ employeeId: `${k.toUpperCase()}-${id}`, displayName: id, language: 'en', siteId: SITES[k], stations: [STATIONS[k]] })));
  expect((await admin('PUT', '/api/v1/admin/workers', { workers })).status).toBe(200);

  terminalA = await enroll(s, SITES.a, STATIONS.a);
  terminalB = await enroll(s, SITES.b, STATIONS.b);
  const basic = async (write: boolean) => {
    const k = await createLrsKey(db, write ? 'writer' : 'reader', write);
    return { authorization: `Basic ${Buffer.from(`${k.key}:${k.secret}`).toString('base64')}` };
  };
  Object.assign(writers, { terminalA: terminalA.headers, terminalB: terminalB.headers, lrsRead: await basic(false), lrsWrite: await basic(true), admin: { authorization: `Bearer ${token}` } });
  await createUser(db, { email: 'admin@example.com', name: 'Ada', role: 'admin', password: PASSWORD });
  cookie = await signIn(s, 'admin@example.com');
});
afterAll(() => s.close());

/** A kiosk completion statement as a terminal of `site` builds it; `claimSite: false` drops the site extension. */
function completion(employeeId: string, lessonId: string, site: string, opts: { claimSite?: boolean; completedAt?: Date } = {}): Statement {
  const st = buildCompletionStatement(
    { id: randomUUID(), employeeId, workerName: employeeId, lessonId, lessonVersion: 1, lessonTitle: lessonId, language: 'en', score: 1, passed: true, durationMs: 60_000, completedAt: (opts.completedAt ?? new Date(s.clock.now.getTime() - DAY)).toISOString() },
    { serverUrl: SERVER_URL, siteId: site, stationId: 'x', terminalId: randomUUID() },
  );
  if (opts.claimSite === false) delete st.context!.extensions![extensionIri(SERVER_URL, 'site')];
  return st;
}

const post = (headers: Record<string, string>, payload: unknown) => s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...headers, ...XAPI }, payload: payload as object });

/** The dashboard's skill-matrix cell of one worker for one lesson. */
async function cell(employeeId: string, lessonId = 'lockout') {
  // The matrix shows one site at a time: the worker's, by the prefix of their id.
  const site = employeeId.startsWith('B-') ? SITES.b : SITES.a;
  const res = await s.app.inject({ url: `/api/v1/dashboard/skill-matrix?site=${site}`, headers: { cookie } });
  const body = skillMatrixResponse.parse(res.json());
  return body.workers.find((w) => w.employeeId === employeeId)!.cells[lessonId];
}


describe('statement write matrix: writer x site -> status, then the dashboard count', () => {
  it.each(MATRIX)('%s writes a %s statement -> %i, counted: %s', async (writer, kind, status, counted) => {
    const [own, other] = writer === 'terminalB' ? (['b', 'a'] as const) : (['a', 'b'] as const);
    const k = kind === 'own-site' ? own : other;
    const worker = `${k.toUpperCase()}-${writer}-${kind}`;
    const before = await cell(worker);
    expect(before.status).toBe('never-started');
    const res = await post(writers[writer], completion(worker, 'lockout', SITES[k], { claimSite: kind !== 'no-site-claim' }));
    expect(res.statusCode, res.body).toBe(status);
    if (status === 403) expect(res.json().message).toMatch(writer.startsWith('lrs') ? /read statements only.*--write/ : /a terminal writes (only its own site's statements|statements only for its own site's workers)/);
    expect((await cell(worker)).status).toBe(counted ? 'done' : 'never-started');
  });
});

describe('issue 10 repro 1: another site\'s terminal cannot certify a worker', () => {
  it('site A\'s terminal posting "passed" for a site B worker and lesson without a site extension is refused, logged, and not counted', async () => {
    const statement = completion('B-repro', 'b-crane', SITES.b, { claimSite: false });
    const res = await post(terminalA.headers, statement);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'wrong-site', rule: 'actor-on-site-roster', message: expect.stringMatching(/roster of site "site-a"/) });
    expect((await s.db.query('SELECT 1 FROM statements WHERE id = $1', [statement.id])).rowCount).toBe(0);
    expect((await cell('B-repro', 'b-crane')).status).toBe('never-started');
    const refusal = log.text().split('\n').find((l) => l.includes(statement.id!) && l.includes('statement refused'));
    expect(JSON.parse(refusal!)).toMatchObject({ level: 40, writer: `terminal:${terminalA.terminalId}`, rule: 'actor-on-site-roster', statementIds: [statement.id] });
    expect(refusal).not.toMatch(/credential|Bearer/i);
  });

  it('a terminal cannot write about a lesson that is not published to its site, even for its own worker', async () => {
    const res = await post(terminalA.headers, completion('A-repro', 'b-crane', SITES.a));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'wrong-site', rule: 'lesson-published-to-site' });
  });

  it('a timestamp beyond the allowed clock skew is refused (it would push recertification out at will); within the skew it is stored', async () => {
    const future = completion('B-repro', 'lockout', SITES.b, { completedAt: new Date(s.clock.now.getTime() + 365 * DAY) });
    const res = await post(terminalB.headers, future);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'timestamp-in-future', message: expect.stringMatching(/clock/) });
    expect((await cell('B-repro')).status).toBe('never-started');
    const slightlyAhead = completion('B-repro', 'lockout', SITES.b, { completedAt: new Date(s.clock.now.getTime() + 2 * 60_000) });
    expect((await post(terminalB.headers, slightlyAhead)).statusCode).toBe(200);
    expect((await cell('B-repro')).status).toBe('done');
  });

  it('the dashboard ignores a statement whose writer may not speak for the worker, even one stored before the rule', async () => {
    // as the old server stored repro 1: written by site A's terminal for a site B worker
    const legacy = completion('B-legacy', 'lockout', SITES.b, { claimSite: false });
    await s.db.query(
      `INSERT INTO statements (id, statement, content_hash, stored, terminal_id, site_id, actor_key, verb_id, activity_id)
       VALUES ($1, $2, 'x', now(), $3, $4, NULL, $5, $6)`,
      [legacy.id, JSON.stringify(legacy), terminalA.terminalId, SITES.a, legacy.verb.id, (legacy.object as { id: string }).id],
    );
    expect((await cell('B-legacy')).status).toBe('never-started');
  });
});

describe('issue 10 repro 8: one canonical identity', () => {
  it('enrollment and every pull hand the terminal the server\'s public URL', async () => {
    const pull = await s.app.inject({ url: '/api/v1/sync/pull', headers: terminalA.headers });
    expect(pull.json().publicUrl).toBe(SERVER_URL);
  });

  it('a statement built on another URL for the same worker (a terminal configured with an IP) is refused, naming the canonical homePage', async () => {
    const st = completion('A-repro', 'lockout', SITES.a);
    const viaIp = JSON.parse(JSON.stringify(st).replaceAll(SERVER_URL, 'http://10.0.0.5:8080')) as Statement;
    const res = await post(terminalA.headers, viaIp);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ rule: 'actor-on-site-roster', message: expect.stringContaining(`"homePage": "${SERVER_URL}"`) });
    expect((await post(terminalA.headers, st)).statusCode).toBe(200);
  });
});
