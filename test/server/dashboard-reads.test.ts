import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionsPerWeekResponse, overdueResponse, recertCalendarResponse, type OverdueRow, type RecertItem } from '../../common/contracts/dashboard';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { parseCsv } from '../../server/roster/csv-parse';
import { completionsPerWeek, overdueRows, overview, recertCalendar, recertRows } from '../../server/dashboard/read';
import type { Queryable } from '../../server/db/db';
import { signIn } from './dashboard-fixture';
import { createUser } from '../../server/dashboard/users';
import { enroll, SERVER_URL, seedSite, startTestServer, XAPI, type TestServer } from './helpers';

/**
 * The dashboard's reads at company scale (issue 17): lists read in pages (the JSON pages, the keyset
 * walk behind the CSV downloads and the CSV itself hold the same rows in the same order, ties
 * included: workers of the same name, the same due date, no due date), completions per week from
 * the per-site counters, and the plans of the queries behind them.
 */

let s: TestServer;
let admin: string;
const DAY = 86_400_000;
const SITE = [{ id: 'plant', name: 'Plant' }];

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant', ['press']);
  const lesson = (id: string, recertifyAfterDays: number | null) => ({
    siteId: null,
    lesson: { id, version: 1, language: 'en', title: id, summary: '', durationMinutes: 3, skills: [], roles: [], stations: [], prerequisites: [], recertifyAfterDays, tags: [], cards: [{ kind: 'text', id: 'c1', markdown: 'x' }] },
  });
  expect((await s.admin('PUT', '/api/v1/admin/lessons', { lessons: [lesson('lockout', 365), lesson('forklift', 365), lesson('basics', null)] })).status).toBe(200);
  expect((await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'plant', stationId: 'press', lessons: ['lockout', 'forklift', 'basics'] }] })).status).toBe(200);
  // Three workers share a name; ids in an order their names do not give away.
  const names = ['Kim Lee', 'Kim Lee', 'Ana Ruiz', 'Kim Lee', 'Bo Chen', 'Cy Diaz', 'Di Eze', 'Ed Fox'];
  const workers = names.map((displayName, i) => ({ employeeId: `W${(7 - i) * 3 + 10}`, displayName, language: 'en', siteId: 'plant', stations: ['press'] }));
  expect((await s.admin('PUT', '/api/v1/admin/workers', { workers })).status).toBe(200);

  const t = await enroll(s, 'plant', 'press');
  const now = s.clock.now.getTime();
  const done = (employeeId: string, lessonId: string, daysAgo: number, passed = true) =>
    buildCompletionStatement(
      { id: randomUUID(), employeeId, workerName: employeeId, lessonId, lessonVersion: 1, lessonTitle: lessonId, language: 'en', score: null, passed, durationMs: 60_000, completedAt: new Date(now - daysAgo * DAY).toISOString() },
      { serverUrl: SERVER_URL, siteId: 'plant', stationId: 'press', terminalId: t.terminalId },
    );
  // Passed 320 or 340 days ago (due in 45 or 25 days: on the calendar, several on one day), 400 days
  // ago (overdue), failed (a retake due), or never (not started, no due date).
  const statements = workers.flatMap(({ employeeId }, i) => [
    done(employeeId, 'lockout', i % 3 === 0 ? 400 : i % 2 === 0 ? 320 : 340),
    done(employeeId, 'forklift', 340, i % 4 !== 1),
    ...(i % 2 === 0 ? [done(employeeId, 'basics', 5)] : []),
  ]);
  const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI }, payload: statements });
  expect(res.statusCode, res.body).toBe(200);
  await createUser(s.db, { email: 'admin@example.com', name: 'Ada Admin', role: 'admin', password: 'correct horse battery staple' });
  admin = await signIn(s, 'admin@example.com');
});
afterAll(async () => s?.close());

const get = (url: string) => s.app.inject({ url, headers: { cookie: admin } });

async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let n = 0;
  for await (const page of pages) {
    rows.push(...page);
    n++;
  }
  return { rows, pages: n };
}

/** The CSV's data rows as objects by header. */
function csvRecords(body: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(body.replace(/^\uFEFF/, '')).map((r) => r.cells);
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

describe('overdue list', () => {
  it.each(['urgency', 'due', 'worker'] as const)('sorted by %s: JSON pages, the keyset walk in pages of 2 and the CSV agree row for row', async (sort) => {
    const pages: OverdueRow[] = [];
    for (let page = 1; ; page++) {
      const body = overdueResponse.parse((await get(`/api/v1/dashboard/overdue?sort=${sort}&pageSize=3&page=${page}`)).json());
      pages.push(...body.rows);
      if (page * 3 >= body.total) break;
    }
    expect(pages.length).toBeGreaterThan(8);
    expect(new Set(pages.map((r) => `${r.employeeId}:${r.lessonId}`)).size).toBe(pages.length);

    const walked = await collect(overdueRows(s.db, SITE, {}, { sort, status: undefined }, 2));
    expect(walked.rows).toEqual(pages);
    expect(walked.pages).toBe(Math.ceil(pages.length / 2));

    const csv = csvRecords((await get(`/api/v1/dashboard/overdue?sort=${sort}&format=csv`)).body);
    expect(csv.map((r) => [r.employee_id, r.lesson_id, r.status])).toEqual(pages.map((r) => [r.employeeId, r.lessonId, r.status]));
  });

  it('orders by urgency, then due date (none first), then name, then employee id', async () => {
    const rows = overdueResponse.parse((await get('/api/v1/dashboard/overdue?pageSize=100')).json()).rows;
    const urgency = ['overdue', 'failed', 'due-soon', 'never-started'];
    const key = (r: OverdueRow) => [urgency.indexOf(r.status), r.dueAt ?? '', r.workerName, r.employeeId, r.lessonId] as const;
    const sorted = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    });
    expect(rows).toEqual(sorted);
    // Two Kim Lees never started basics: same status, no due date, same name, so by employee id.
    expect(rows.filter((r) => r.workerName === 'Kim Lee' && r.lessonId === 'basics').map((r) => r.employeeId)).toEqual(['W22', 'W28']);
    // A status filter walks the same way.
    const failed = await collect(overdueRows(s.db, SITE, {}, { sort: 'urgency', status: 'failed' }, 1));
    expect(failed.rows).toEqual(rows.filter((r) => r.status === 'failed'));
  });
});

describe('recertification calendar', () => {
  it('counts per day over the whole window and lists who a page at a time, in the order the CSV streams', async () => {
    const first = recertCalendarResponse.parse((await get('/api/v1/dashboard/recert-calendar?days=60&pageSize=4')).json());
    // Lockout passed 340 days ago by 3 workers and forklift by 6: due in 25 days; lockout passed
    // 320 days ago by 2: due in 45 days; lockout passed 400 days ago is overdue, not on the calendar.
    const in25 = new Date(s.clock.now.getTime() + 25 * DAY).toISOString().slice(0, 10);
    const in45 = new Date(s.clock.now.getTime() + 45 * DAY).toISOString().slice(0, 10);
    expect(first.days).toEqual([
      { date: in25, count: 9 },
      { date: in45, count: 2 },
    ]);
    expect(first).toMatchObject({ total: 11, page: 1, pageSize: 4 });
    const items: RecertItem[] = [...first.items];
    for (let page = 2; (page - 1) * 4 < first.total; page++) {
      items.push(...recertCalendarResponse.parse((await get(`/api/v1/dashboard/recert-calendar?days=60&pageSize=4&page=${page}`)).json()).items);
    }
    expect(items).toHaveLength(11);
    const order = items.map((i) => [i.dueAt, i.workerName, i.workerId, i.lessonId].join('|'));
    expect(order).toEqual([...order].sort());

    const walked = await collect(recertRows(s.db, SITE, {}, s.clock.now, 60, 3));
    expect(walked.rows).toEqual(items);
    const csv = csvRecords((await get('/api/v1/dashboard/recert-calendar?days=60&format=csv')).body);
    expect(csv.map((r) => [r.date, r.employee_id, r.lesson_id, r.due_at])).toEqual(items.map((i) => [i.dueAt.slice(0, 10), i.workerId, i.lessonId, i.dueAt]));

    const short = recertCalendarResponse.parse((await get('/api/v1/dashboard/recert-calendar?days=30')).json());
    expect(short).toMatchObject({ days: [{ date: in25, count: 9 }], total: 9 });
    expect((await get('/api/v1/dashboard/recert-calendar?pageSize=501')).statusCode).toBe(400);
  });
});

describe('completions per week', () => {
  it('counts a site\'s completions from its weekly counters, a worker who has left since included; a filter counts the workers who have it now', async () => {
    const week = async (query = '') => completionsPerWeekResponse.parse((await get(`/api/v1/dashboard/completions-per-week?weeks=2${query}`)).json()).weeks;
    // Basics passed 5 days ago (Thursday 20 November, the week of Monday 16th) by the 4 workers at even places.
    const before = [
      { weekStart: '2026-11-16', completions: 4 },
      { weekStart: '2026-11-23', completions: 0 },
    ];
    expect(await week()).toEqual(before);
    expect(await week('&station=press')).toEqual(before);
    await s.db.query("UPDATE workers SET active = false WHERE employee_id = 'W31'");
    try {
      expect(await week()).toEqual(before);
      expect(await week('&station=press')).toEqual([
        { weekStart: '2026-11-16', completions: 3 },
        { weekStart: '2026-11-23', completions: 0 },
      ]);
    } finally {
      await s.db.query("UPDATE workers SET active = true WHERE employee_id = 'W31'");
    }
  });
});

describe('the dashboard reads by index', () => {
  /**
   * Every query a read sends, each with the plan PostgreSQL picks when whole-table scans and sorts
   * are priced out (the test tables are tiny, so it would scan them anyway): an index must serve it.
   */
  async function plans(read: (q: Queryable) => Promise<unknown>): Promise<string[]> {
    const sent: Array<{ sql: string; params?: unknown[] }> = [];
    await read({ query: (sql, params) => (sent.push({ sql, params }), s.db.query(sql, params)), exec: (sql) => s.db.exec(sql) });
    const out: string[] = [];
    for (const { sql, params } of sent) {
      out.push(
        await s.db.transaction(async (tx) => {
          for (const off of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await tx.query(`SET LOCAL ${off} = off`);
          return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
        }),
      );
    }
    return out;
  }
  const drain = async (pages: AsyncIterable<unknown>) => {
    for await (const page of pages) void page;
  };
  const TWO_SITES = [...SITE, { id: 'elsewhere', name: 'Elsewhere' }];

  it('overview: the scope\'s cells and heads by site, no table scanned', async () => {
    for (const sites of [SITE, TWO_SITES]) {
      const [, heads, cells] = await plans((q) => overview(q, sites, {}));
      expect(cells).toMatch(/using requirement_states_site on requirement_states/);
      expect(heads).toMatch(/Index (Only )?Scan using worker_states_\w+ on worker_states/);
      expect([heads, cells].join('\n')).not.toMatch(/Seq Scan/);
    }
  });

  it('the overdue CSV walk: each page starts in the index at the cursor and reads in its order (no sort)', async () => {
    for (const sites of [SITE, TWO_SITES]) {
      const pages = await plans((q) => drain(overdueRows(q, sites, {}, { sort: 'urgency', status: undefined }, 3)));
      expect(pages.length).toBeGreaterThan(2);
      for (const plan of pages) {
        expect(plan).toMatch(/Index Scan using requirement_states_open(_all)? on requirement_states/);
        expect(plan).not.toMatch(/Sort/);
      }
      for (const plan of pages.slice(1)) expect(plan).toMatch(/Index Cond: .*ROW\(urgency, COALESCE\(due_at/);
    }
  });

  it('the calendar: recertifications in the window by site and due date', async () => {
    const read = await plans((q) => recertCalendar(q, SITE, {}, s.clock.now, { days: 60, page: 1, pageSize: 3 }));
    const walk = await plans((q) => drain(recertRows(q, SITE, {}, s.clock.now, 60, 3)));
    for (const plan of [...read, ...walk]) {
      expect(plan).toMatch(/using requirement_states_due on requirement_states[^\n]*\n\s+Index Cond: \(\(site_id = ANY .* AND \(due_at >= .* AND \(due_at <= /);
      expect(plan).not.toMatch(/Seq Scan/);
    }
  });

  it('completions per week without a filter: the per-site weekly counters, not a row per worker', async () => {
    const [plan] = await plans((q) => completionsPerWeek(q, TWO_SITES, {}, s.clock.now, 12));
    expect(plan).toMatch(/using completion_site_weeks_pkey on completion_site_weeks[^\n]*\n\s+Index Cond: \(\(site_id = ANY .* AND \(week_start >= /);
    expect(plan).not.toMatch(/completion_weeks /);
  });
});
