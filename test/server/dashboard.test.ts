import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completionsPerWeekResponse,
  overdueResponse,
  overviewResponse,
  recertCalendarResponse,
  skillMatrixResponse,
} from '../../common/contracts/dashboard';
import { verbs } from '../../common/xapi/completion';
import { seedDashboard, signIn } from './dashboard-fixture';
import { SERVER_URL, startTestServer, type TestServer } from './helpers';

let s: TestServer;
let admin: string;
let supA: string;

beforeAll(async () => {
  s = await startTestServer();
  await seedDashboard(s);
  admin = await signIn(s, 'admin@example.com');
  supA = await signIn(s, 'sup-a@example.com');
});
afterAll(async () => s?.close());

const get = (cookie: string, url: string) => s.app.inject({ url, headers: { cookie } });

describe('numbers from the learning-paths engine', () => {
  it('overview: station press has one overdue, one failed, one due soon, one never started of four workers', async () => {
    const res = await get(admin, '/api/v1/dashboard/overview?site=site-a');
    expect(res.statusCode).toBe(200);
    const body = overviewResponse.parse(res.json());
    expect(body.sites).toHaveLength(1);
    const press = body.sites[0].stations.find((st) => st.id === 'press')!;
    // 4 workers x 2 lessons: Olga overdue on lockout; Sam due soon on lockout; the 4th worker failed
    // lockout (a retake is due) and never did press-basics; the rest done.
    const figures = { required: 8, completionPct: 62.5, overdue: 1, failed: 1, dueSoon: 1, neverStarted: 1 };
    expect(press).toEqual({ id: 'press', name: 'Station press', workers: 4, ...figures });
    expect(body.sites[0]).toMatchObject({ id: 'site-a', workers: 4, ...figures });
    // A station that requires nothing has no completion figure, not 100%.
    expect(body.sites[0].stations.find((st) => st.id === 'pack')).toMatchObject({ workers: 0, required: 0, completionPct: null });
  });

  it('overdue list: overdue first, then failed (retake), due soon, never started, with due dates', async () => {
    const body = overdueResponse.parse((await get(admin, '/api/v1/dashboard/overdue?site=site-a')).json());
    expect(body.rows.map((r) => [r.employeeId, r.lessonId, r.status])).toEqual([
      ['A-OVERDUE', 'lockout', 'overdue'],
      ['A-NEVER', 'lockout', 'failed'],
      ['A-SOON', 'lockout', 'due-soon'],
      ['A-NEVER', 'press-basics', 'never-started'],
    ]);
    expect(body.rows[0].dueAt).toBe('2026-10-21T08:00:00.000Z');
    expect(body.rows[2]).toMatchObject({ workerName: 'Sam Soon', lessonTitle: 'Lockout basics', dueAt: '2026-12-02T08:00:00.000Z', siteId: 'site-a' });
  });

  it('recertification calendar: the due-soon lockout on its day, nothing already overdue', async () => {
    const body = recertCalendarResponse.parse((await get(admin, '/api/v1/dashboard/recert-calendar?site=site-a&days=60')).json());
    expect(body).toEqual({
      days: [{ date: '2026-12-02', count: 1 }],
      items: [{ workerId: 'A-SOON', workerName: 'Sam Soon', lessonId: 'lockout', lessonTitle: 'Lockout basics', dueAt: '2026-12-02T08:00:00.000Z' }],
      total: 1,
      page: 1,
      pageSize: 100,
    });
    const short = recertCalendarResponse.parse((await get(admin, '/api/v1/dashboard/recert-calendar?site=site-a&days=5')).json());
    expect(short).toMatchObject({ days: [], items: [], total: 0 });
  });

  it('skill matrix: one site at a time (the first without a site), a cell per worker and required lesson', async () => {
    const body = skillMatrixResponse.parse((await get(admin, '/api/v1/dashboard/skill-matrix')).json());
    expect(body.scope).toEqual({ siteId: 'site-a', stationId: null });
    expect(body.lessons).toEqual([
      { id: 'lockout', title: 'Lockout basics' },
      { id: 'press-basics', title: 'Press basics' },
    ]);
    const cell = (b: typeof body, id: string, lesson: string) => b.workers.find((w) => w.id === id)!.cells[lesson];
    expect(cell(body, 'A-DONE', 'lockout')).toEqual({ status: 'done', completedAt: '2026-11-15T08:00:00.000Z', dueAt: '2027-11-15T08:00:00.000Z' });
    expect(cell(body, 'A-OVERDUE', 'lockout').status).toBe('overdue');
    expect(cell(body, 'A-SOON', 'lockout').status).toBe('due-soon');
    expect(cell(body, 'A-NEVER', 'press-basics')).toEqual({ status: 'never-started', completedAt: null, dueAt: null });
    expect(body.workers.map((w) => w.id)).not.toContain('B-NEVER');
    // Site B's columns are what its workers need: lockout only; a lesson not required has no cell.
    const siteB = skillMatrixResponse.parse((await get(admin, '/api/v1/dashboard/skill-matrix?site=site-b')).json());
    expect(siteB.lessons.map((l) => l.id)).toEqual(['lockout']);
    expect(cell(siteB, 'B-NEVER', 'press-basics')).toBeUndefined();
    expect(cell(siteB, 'B-NEVER', 'lockout').status).toBe('never-started');
  });

  it('pages the skill matrix and the overdue list on the server, with the total', async () => {
    const first = skillMatrixResponse.parse((await get(admin, '/api/v1/dashboard/skill-matrix?site=site-a&pageSize=3')).json());
    const second = skillMatrixResponse.parse((await get(admin, '/api/v1/dashboard/skill-matrix?site=site-a&pageSize=3&page=2')).json());
    expect([first.total, first.workers.length, second.workers.length]).toEqual([4, 3, 1]);
    expect(new Set([...first.workers, ...second.workers].map((w) => w.id)).size).toBe(4);
    const page = overdueResponse.parse((await get(admin, '/api/v1/dashboard/overdue?site=site-a&pageSize=2&page=2')).json());
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(page.rows.map((r) => [r.employeeId, r.lessonId])).toEqual([
      ['A-SOON', 'lockout'],
      ['A-NEVER', 'press-basics'],
    ]);
    const failed = overdueResponse.parse((await get(admin, '/api/v1/dashboard/overdue?status=failed')).json());
    expect(failed.rows.map((r) => r.employeeId)).toEqual(['A-NEVER']);
    const byWorker = overdueResponse.parse((await get(admin, '/api/v1/dashboard/overdue?site=site-a&sort=worker')).json());
    expect(byWorker.rows.map((r) => r.workerName)).toEqual([...byWorker.rows.map((r) => r.workerName)].sort((a, b) => a.localeCompare(b)));
    expect((await get(admin, '/api/v1/dashboard/overdue?pageSize=501')).statusCode).toBe(400);
    // The CSV holds every row, whatever the page.
    const csv = (await get(admin, '/api/v1/dashboard/overdue?site=site-a&pageSize=1&format=csv')).body;
    expect(csv.trimEnd().split('\r\n')).toHaveLength(5);
  });

  it('skill matrix: a failed attempt is failed (retake due), for the cell and the worker', async () => {
    const body = skillMatrixResponse.parse((await get(admin, '/api/v1/dashboard/skill-matrix?site=site-a')).json());
    const never = body.workers.find((w) => w.id === 'A-NEVER')!;
    expect(never.cells.lockout).toEqual({ status: 'failed', completedAt: null, dueAt: null });
    expect(never.standing).toBe('failed');
    expect(Object.fromEntries(body.workers.map((w) => [w.id, w.standing]))).toEqual({ 'A-DONE': 'done', 'A-NEVER': 'failed', 'A-OVERDUE': 'overdue', 'A-SOON': 'due-soon' });
  });

  it('a failed attempt counts only from a writer that may speak for the worker', async () => {
    // Stored as an old server would have: nobody vouched for the worker, so employee_id stays NULL.
    const id = randomUUID();
    const statement = { id, actor: { account: { homePage: SERVER_URL, name: 'B-NEVER' } }, verb: { id: verbs.failed }, object: { id: `${SERVER_URL}/xapi/activities/lesson/lockout` }, result: { success: false }, timestamp: '2026-11-20T08:00:00.000Z' };
    await s.db.query(
      `INSERT INTO statements (id, statement, content_hash, stored, site_id, verb_id, activity_id) VALUES ($1, $2, 'x', now(), 'site-a', $3, $4)`,
      [id, JSON.stringify(statement), verbs.failed, statement.object.id],
    );
    const body = skillMatrixResponse.parse((await get(admin, '/api/v1/dashboard/skill-matrix?site=site-b')).json());
    expect(body.workers.find((w) => w.id === 'B-NEVER')!.cells.lockout.status).toBe('never-started');
  });

  it('completions per week: passing completions counted in their week, failed attempt not', async () => {
    const body = completionsPerWeekResponse.parse((await get(admin, '/api/v1/dashboard/completions-per-week?weeks=3')).json());
    // now is Wednesday 2026-11-25: weeks start Mondays 11-09, 11-16, 11-23. Dana's two (11-15) fall in the week of 11-09.
    expect(body.weeks).toEqual([
      { weekStart: '2026-11-09', completions: 2 },
      { weekStart: '2026-11-16', completions: 0 },
      { weekStart: '2026-11-23', completions: 0 },
    ]);
  });

  it('filters by station and role select workers', async () => {
    const byStation = overdueResponse.parse((await get(admin, '/api/v1/dashboard/overdue?station=dock')).json());
    expect(byStation.rows.map((r) => r.employeeId)).toEqual(['B-NEVER']);
    const byRole = overviewResponse.parse((await get(admin, '/api/v1/dashboard/overview?role=nobody')).json());
    expect(byRole.sites.every((site) => site.workers === 0)).toBe(true);
  });
});

describe('scope', () => {
  it('a supervisor of site A gets 403 naming site B, on every endpoint', async () => {
    for (const path of ['overview', 'overdue', 'recert-calendar', 'skill-matrix', 'completions-per-week']) {
      const res = await get(supA, `/api/v1/dashboard/${path}?site=site-b`);
      expect(res.statusCode, path).toBe(403);
      expect(res.json().error).toBe('site-out-of-scope');
    }
    expect((await get(supA, '/api/v1/dashboard/overview?site=no-such-site')).statusCode).toBe(403);
  });

  it('unscoped queries of a supervisor leave site B out', async () => {
    const ov = overviewResponse.parse((await get(supA, '/api/v1/dashboard/overview')).json());
    expect(ov.sites.map((x) => x.id)).toEqual(['site-a']);
    const od = overdueResponse.parse((await get(supA, '/api/v1/dashboard/overdue')).json());
    expect(od.rows.some((r) => r.siteId === 'site-b' || r.employeeId === 'B-NEVER')).toBe(false);
    const sm = skillMatrixResponse.parse((await get(supA, '/api/v1/dashboard/skill-matrix')).json());
    expect(sm.workers.map((w) => w.id)).not.toContain('B-NEVER');
    const csv = (await get(supA, '/api/v1/dashboard/overdue?format=csv')).body;
    expect(csv).not.toContain('B-NEVER');
    const me = (await get(supA, '/api/v1/dashboard/me')).json();
    expect(me).toEqual({ email: 'sup-a@example.com', name: 'Sue Supervisor', role: 'supervisor', sites: [{ id: 'site-a', name: 'Site site-a' }], canEditRequirements: false });
  });

  it('an admin sees every site; no session is a 401', async () => {
    const ov = overviewResponse.parse((await get(admin, '/api/v1/dashboard/overview')).json());
    expect(ov.sites.map((x) => x.id)).toEqual(['site-a', 'site-b']);
    expect((await s.app.inject({ url: '/api/v1/dashboard/overview' })).statusCode).toBe(401);
    expect((await get('sl_session=forged', '/api/v1/dashboard/overview')).statusCode).toBe(401);
  });
});

describe('CSV download', () => {
  it('is an RFC 4180 attachment with formula cells neutralised, a UTF-8 BOM and CRLF throughout', async () => {
    const res = await get(admin, '/api/v1/dashboard/overdue?site=site-a&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="shiftlearn-overdue-2026-11-25.csv"');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = res.body.slice(1).split('\r\n');
    expect(lines[0]).toBe('employee_id,worker_name,site_id,lesson_id,lesson_title,status,due_at');
    expect(lines[1]).toBe('A-OVERDUE,Olga Overdue,site-a,lockout,Lockout basics,overdue,2026-10-21T08:00:00.000Z');
    // The worker named =HYPERLINK("http://evil") becomes text: prefixed, then quoted because of the quotes.
    expect(lines[2]).toBe(`A-NEVER,"'=HYPERLINK(""http://evil"")",site-a,lockout,Lockout basics,failed,`);
    expect(res.body.endsWith('\r\n')).toBe(true);
  });

  it('every table downloads', async () => {
    const matrix = await get(admin, '/api/v1/dashboard/skill-matrix?site=site-a&format=csv');
    expect(matrix.body.split('\r\n')[0]).toBe('\uFEFFemployee_id,worker_name,standing,Lockout basics,Press basics');
    expect(matrix.body).toContain('A-DONE,Dana Done,done,done,done\r\n');
    const overview = await get(admin, '/api/v1/dashboard/overview?site=site-a&format=csv');
    expect(overview.body).toContain('site-a,Site site-a,press,Station press,4,8,62.5,1,1,1,1\r\n');
    expect(overview.body).toContain('site-a,Site site-a,pack,Station pack,0,0,,0,0,0,0\r\n');
    const weeks = await get(admin, '/api/v1/dashboard/completions-per-week?weeks=1&format=csv');
    expect(weeks.body).toBe('\uFEFFweek_start,completions\r\n2026-11-23,0\r\n');
    const cal = await get(admin, '/api/v1/dashboard/recert-calendar?format=csv');
    expect(cal.body.split('\r\n')[1]).toBe('2026-12-02,A-SOON,Sam Soon,lockout,Lockout basics,2026-12-02T08:00:00.000Z');
  });
});
