import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewResponse, skillMatrixResponse } from '../../common/contracts/dashboard';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { VOIDED_VERB } from '../../common/xapi/statement';
import { ensureFresh, rebuildSummaries, summariseStored, type StoredStatement } from '../../server/summaries/summaries';
import { seedDashboard, signIn } from './dashboard-fixture';
import { blockedBy, gate } from './lock-wait';
import { enroll, SERVER_URL, startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

/**
 * The dashboard summaries (issue 17): kept in the transaction that stores a statement, recomputed
 * when the roster or requirements change, and equal to a rebuild from the statements.
 */

let s: TestServer;
let admin: string;
let terminal: EnrolledTerminal;
const DAY = 86_400_000;
const WORKERS = ['A-OVERDUE', 'A-SOON', 'A-DONE', 'A-NEVER'];
const LESSONS = ['lockout', 'press-basics'];

beforeAll(async () => {
  s = await startTestServer();
  await seedDashboard(s);
  admin = await signIn(s, 'admin@example.com');
  terminal = await enroll(s, 'site-a', 'press');
});
afterAll(async () => s?.close());

function statement(employeeId: string, lessonId: string, completedAt: Date, passed: boolean | null) {
  return buildCompletionStatement(
    { id: randomUUID(), employeeId, workerName: employeeId, lessonId, lessonVersion: 1, lessonTitle: lessonId, language: 'en', score: passed === false ? 0.25 : 1, passed, durationMs: 60_000, completedAt: completedAt.toISOString() },
    { serverUrl: SERVER_URL, siteId: 'site-a', stationId: 'press', terminalId: terminal.terminalId },
  );
}

async function post(statements: unknown[]) {
  const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...terminal.headers, ...XAPI }, payload: statements as object[] });
  expect(res.statusCode, res.body).toBe(200);
}

/** Every summary table, in a stable order, times as ISO text. */
async function snapshot() {
  const q = async (sql: string) => JSON.parse(JSON.stringify((await s.db.query(sql)).rows));
  return {
    records: await q('SELECT * FROM lesson_records ORDER BY employee_id, lesson_id'),
    weeks: await q('SELECT * FROM completion_weeks ORDER BY employee_id, week_start'),
    workers: await q('SELECT * FROM worker_states ORDER BY employee_id'),
    requirements: await q('SELECT * FROM requirement_states ORDER BY employee_id, lesson_id'),
    // Striped by writing connection (migration 022): compared as their sums per site and week.
    siteWeeks: await q('SELECT site_id, week_start, sum(completions)::int AS n FROM completion_site_weeks GROUP BY 1, 2 HAVING sum(completions) <> 0 ORDER BY 1, 2'),
  };
}

/** The per-site weekly counters hold what completion_weeks sums to. */
async function expectSiteWeeksConsistent() {
  const q = async (sql: string) => JSON.parse(JSON.stringify((await s.db.query(sql)).rows));
  expect(await q('SELECT site_id, week_start, sum(completions)::int AS n FROM completion_site_weeks GROUP BY 1, 2 HAVING sum(completions) <> 0 ORDER BY 1, 2')).toEqual(
    await q('SELECT site_id, week_start, sum(completions)::int AS n FROM completion_weeks GROUP BY 1, 2 ORDER BY 1, 2'),
  );
}

describe('summaries maintained on write', () => {
  it('a stored statement moves the worker\'s summary in the same request, before any dashboard read', async () => {
    const cellOf = async () =>
      (await s.db.query<{ standing: string }>("SELECT standing FROM requirement_states WHERE employee_id = 'A-NEVER' AND lesson_id = 'press-basics'")).rows[0]?.standing;
    // The seed's statements went through the same path: A-NEVER failed lockout, never did press-basics.
    expect(await cellOf()).toBe('never-started');
    await post([statement('A-NEVER', 'press-basics', new Date(s.clock.now.getTime() - DAY), true)]);
    expect(await cellOf()).toBe('done');
    expect((await s.db.query("SELECT attempts FROM lesson_records WHERE employee_id = 'A-NEVER' AND lesson_id = 'lockout'")).rows).toEqual([{ attempts: 1 }]);
  });

  it('a completion rewrites only the summary rows it changes', async () => {
    // xmin is the transaction that wrote a row version: unchanged means the row was not rewritten.
    const versions = async () =>
      Object.fromEntries(
        (
          await s.db.query<{ key: string; xmin: string }>(
            `SELECT lesson_id AS key, xmin::text AS xmin FROM requirement_states WHERE employee_id = 'A-DONE'
             UNION ALL SELECT 'worker', xmin::text FROM worker_states WHERE employee_id = 'A-DONE'`,
          )
        ).rows.map((r) => [r.key, r.xmin]),
      );
    const before = await versions();
    expect(Object.keys(before).sort()).toEqual(['lockout', 'press-basics', 'worker']);
    // Done 10 days ago, done again yesterday: the press-basics cell moves, lockout and the worker's standing do not.
    await post([statement('A-DONE', 'press-basics', new Date(s.clock.now.getTime() - DAY), true)]);
    const after = await versions();
    expect(after.lockout).toBe(before.lockout);
    expect(after.worker).toBe(before.worker);
    expect(after['press-basics']).not.toBe(before['press-basics']);
  });

  it('a voided completion stops counting in the same request', async () => {
    const pass = statement('A-SOON', 'press-basics', new Date(s.clock.now.getTime() - 2 * DAY), true);
    await post([pass]);
    const record = async () => (await s.db.query<{ last_passed_at: Date }>("SELECT last_passed_at FROM lesson_records WHERE employee_id = 'A-SOON' AND lesson_id = 'press-basics'")).rows[0];
    expect(new Date((await record()).last_passed_at).toISOString()).toBe(pass.timestamp);
    const voiding = { id: randomUUID(), actor: { account: { homePage: SERVER_URL, name: 'admin' } }, verb: { id: VOIDED_VERB }, object: { objectType: 'StatementRef', id: pass.id } };
    const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { authorization: `Bearer ${s.adminToken}`, ...XAPI }, payload: [voiding] });
    expect(res.statusCode, res.body).toBe(200);
    // back to the seed's pass of 358 days ago
    expect(new Date((await record()).last_passed_at).getTime()).toBe(s.clock.now.getTime() - 358 * DAY);
    await expectSiteWeeksConsistent();
  });

  it('a requirement change recomputes the site\'s summaries on the next read', async () => {
    const before = overviewResponse.parse((await s.app.inject({ url: '/api/v1/dashboard/overview?site=site-a', headers: { cookie: admin } })).json());
    expect(before.sites[0].stations.find((st) => st.id === 'pack')!.required).toBe(0);
    expect((await s.admin('PUT', '/api/v1/admin/workers', { workers: [{ employeeId: 'A-PACK', displayName: 'Pat Pack', language: 'en', siteId: 'site-a', stations: ['pack'] }] })).status).toBe(200);
    expect((await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'site-a', stationId: 'pack', lessons: ['lockout'] }] })).status).toBe(200);
    // A role requirement holds at every site (a statement-level trigger marks them all).
    expect((await s.admin('PUT', '/api/v1/admin/requirements', { roles: [{ role: 'nobody-has-it', lessons: ['lockout'] }] })).status).toBe(200);
    const after = overviewResponse.parse((await s.app.inject({ url: '/api/v1/dashboard/overview?site=site-a', headers: { cookie: admin } })).json());
    expect(after.sites[0].stations.find((st) => st.id === 'pack')).toMatchObject({ workers: 1, required: 1, neverStarted: 1, completionPct: 0 });
  });

  it('the clock alone moves a done recertification to due soon, then overdue, through the engine', async () => {
    const cell = async () => {
      // signed in at the moved clock (a session does not last a year)
      const cookie = await signIn(s, 'admin@example.com');
      const body = skillMatrixResponse.parse((await s.app.inject({ url: '/api/v1/dashboard/skill-matrix?site=site-a', headers: { cookie } })).json());
      return body.workers.find((w) => w.id === 'A-DONE')!.cells.lockout.status;
    };
    const start = s.clock.now;
    try {
      expect(await cell()).toBe('done');
      s.clock.now = new Date(start.getTime() + 350 * DAY);
      expect(await cell()).toBe('due-soon');
      s.clock.now = new Date(start.getTime() + 360 * DAY);
      expect(await cell()).toBe('overdue');
    } finally {
      s.clock.now = start;
    }
  });
});

describe('roster text in the summaries', () => {
  it('roles with quotes, backslashes, commas and braces reach the worker and requirement rows as the roster has them', async () => {
    const roles = ['a"b', 'c\\d', 'e,f', '{g}', 'NULL'];
    expect((await s.admin('PUT', '/api/v1/admin/workers', { workers: [{ employeeId: 'A-ODD', displayName: 'Odd "Roles"', language: 'en', siteId: 'site-a', roles, stations: ['press'] }] })).status).toBe(200);
    expect((await s.admin('PUT', '/api/v1/admin/requirements', { roles: [{ role: 'a"b', lessons: ['lockout'] }] })).status).toBe(200);
    await post([statement('A-ODD', 'lockout', new Date(s.clock.now.getTime() - DAY), true)]);
    expect((await s.db.query("SELECT roles, stations FROM worker_states WHERE employee_id = 'A-ODD'")).rows).toEqual([{ roles, stations: ['press'] }]);
    expect((await s.db.query("SELECT required_by_roles, required_by_stations FROM requirement_states WHERE employee_id = 'A-ODD' AND lesson_id = 'lockout'")).rows).toEqual([
      { required_by_roles: ['a"b'], required_by_stations: ['press'] },
    ]);
  });
});

describe('rebuild', () => {
  const history = fc.array(
    fc.record({
      worker: fc.constantFrom(...WORKERS),
      lesson: fc.constantFrom(...LESSONS),
      minutesAgo: fc.integer({ min: 0, max: 800 * 24 * 60 }),
      passed: fc.constantFrom(true, false, null),
      batch: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 25 },
  );

  it('equals the summaries kept incrementally, for random histories sent in random batches', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (events) => {
        await s.db.query('DELETE FROM statements');
        await rebuildSummaries(s.db, s.clock.now);
        // Distinct times (ms apart), so "latest attempt" is never a tie decided by arrival order.
        const unique = events.map((e, i) => ({ ...e, at: new Date(s.clock.now.getTime() - e.minutesAgo * 60_000 - i) }));
        for (let b = 0; b <= 3; b++) {
          const batch = unique.filter((e) => e.batch === b).map((e) => statement(e.worker, e.lesson, e.at, e.passed));
          if (batch.length > 0) await post(batch);
        }
        const incremental = await snapshot();
        await expectSiteWeeksConsistent();
        await rebuildSummaries(s.db, s.clock.now);
        expect(await snapshot()).toEqual(incremental);
      }),
      { numRuns: 12 },
    );
  });

  it('equals them too when the clock moves between batches, once a dashboard read has brought the summaries up to date', async () => {
    const start = s.clock.now;
    const moving = fc.array(fc.record({ statements: history, daysLater: fc.integer({ min: 0, max: 400 }) }), { minLength: 1, maxLength: 4 });
    /** Every summary but the time a row was last computed differently, which a rebuild sets to its own `now`. */
    const withoutComputedAt = async () => {
      const all = await snapshot();
      return { ...all, workers: all.workers.map(({ computed_at: _, ...row }: Record<string, unknown>) => row) };
    };
    try {
      await fc.assert(
        fc.asyncProperty(moving, async (steps) => {
          s.clock.now = start;
          await s.db.query('DELETE FROM statements');
          await rebuildSummaries(s.db, s.clock.now);
          let i = 0;
          for (const step of steps) {
            s.clock.now = new Date(s.clock.now.getTime() + step.daysLater * DAY);
            const batch = step.statements.map((e) => statement(e.worker, e.lesson, new Date(s.clock.now.getTime() - e.minutesAgo * 60_000 - i++), e.passed));
            if (batch.length > 0) await post(batch);
          }
          const sites = (await s.db.query<{ id: string }>('SELECT id FROM sites')).rows.map((r) => r.id);
          await ensureFresh(s.db, sites, s.clock.now);
          const incremental = await withoutComputedAt();
          await rebuildSummaries(s.db, s.clock.now);
          expect(await withoutComputedAt()).toEqual(incremental);
        }),
        { numRuns: 12 },
      );
    } finally {
      s.clock.now = start;
    }
  });
});

describe('indexes for the hot queries', () => {
  /**
   * The plan PostgreSQL picks when whole-table scans and sorts are priced out (the test tables are
   * tiny, so it would scan them anyway): an index must serve the query, in its order.
   */
  async function plan(sql: string, params: unknown[]): Promise<string> {
    return s.db.transaction(async (tx) => {
      for (const off of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await tx.query(`SET LOCAL ${off} = off`);
      const r = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      return r.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  // The dashboard's own queries, overdue list and calendar included: test/server/dashboard-paging.test.ts.
  it('a worker\'s summary and their records read by index', async () => {
    expect(await plan('SELECT * FROM worker_states WHERE site_id = $1 ORDER BY display_name, employee_id LIMIT 50', ['site-a'])).toMatch(/worker_states_site/);
    expect(await plan('SELECT * FROM lesson_records WHERE employee_id = ANY($1)', [['A-DONE']])).toMatch(/lesson_records_pkey/);
    expect(await plan('SELECT * FROM completion_weeks WHERE site_id = ANY($1) AND week_start >= $2::date', [['site-a'], '2026-01-01'])).toMatch(/completion_weeks_pkey/);
    expect(await plan('SELECT * FROM worker_states WHERE site_id = ANY($1) AND valid_until <= $2', [['site-a'], s.clock.now])).toMatch(/worker_states_valid_until/);
  });
});

// PGlite has one connection: two batches cannot be summarised at the same time there.
describe.runIf(process.env.DATABASE_URL)('two batches of one worker stored at the same time (PostgreSQL)', () => {
  it('the second to commit sees the first one\'s records, so neither completion is lost from the worker\'s summary', async () => {
    const t = await startTestServer();
    try {
      await seedDashboard(t);
      const stored = (lessonId: string): StoredStatement => {
        const st = statement('A-NEVER', lessonId, new Date(t.clock.now.getTime() - DAY), true);
        return { employeeId: 'A-NEVER', voids: null, verbId: st.verb.id, activityId: 'id' in st.object ? st.object.id : null, statement: st };
      };
      const standings = async () =>
        (await t.db.query<{ lesson_id: string; standing: string }>("SELECT lesson_id, standing FROM requirement_states WHERE employee_id = 'A-NEVER' ORDER BY lesson_id")).rows;
      expect(await standings()).toEqual([
        { lesson_id: 'lockout', standing: 'failed' },
        { lesson_id: 'press-basics', standing: 'never-started' },
      ]);
      // The first batch (lockout passed) is summarised and holds its transaction open until told.
      const summarised = gate<number>();
      const first = t.db.transaction(async (tx) => {
        await summariseStored(t.db, tx, [stored('lockout')], t.clock.now);
        await summarised.pass((await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      });
      const firstPid = await summarised.reached;
      // The second (press-basics passed) starts meanwhile; it must wait for the first, then count both.
      const second = t.db.transaction((tx) => summariseStored(t.db, tx, [stored('press-basics')], t.clock.now));
      await blockedBy(t.db, firstPid, second);
      summarised.open();
      await Promise.all([first, second]);
      expect(await standings()).toEqual([
        { lesson_id: 'lockout', standing: 'done' },
        { lesson_id: 'press-basics', standing: 'done' },
      ]);
    } finally {
      await t.close();
    }
  });
});

