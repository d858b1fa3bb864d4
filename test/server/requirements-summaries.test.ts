import { afterAll, beforeAll, expect, it } from 'vitest';
import { skillMatrixResponse } from '../../common/contracts/dashboard';
import { seedDashboard, signIn } from './dashboard-fixture';
import { startTestServer, type TestServer } from './helpers';

/**
 * A requirement's effective date and recertification interval reach the dashboard through the
 * engine and the summaries, and the clock alone flips a cell on the date (issue 14): the worker's
 * summary is valid only until then.
 */

let s: TestServer;
const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

beforeAll(async () => {
  s = await startTestServer();
  await seedDashboard(s);
});
afterAll(async () => s?.close());

async function cell(employeeId: string, lessonId: string) {
  const cookie = await signIn(s, 'admin@example.com');
  const body = skillMatrixResponse.parse((await s.app.inject({ url: '/api/v1/dashboard/skill-matrix?site=site-a', headers: { cookie } })).json());
  return body.workers.find((w) => w.id === employeeId)!.cells[lessonId];
}

it('before the effective date a lesson never passed is due by the date, due soon inside the window, and overdue from the date', async () => {
  const start = s.clock.now;
  const from = Date.parse(`${day(start.getTime() + 20 * DAY)}T00:00:00.000Z`);
  // A-NEVER failed lockout in the seed: without a date it is a retake ('failed'), never overdue.
  expect(await cell('A-NEVER', 'lockout')).toMatchObject({ status: 'failed', dueAt: null });
  const put = await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'site-a', stationId: 'press', lessons: ['lockout', 'press-basics'], effectiveFrom: day(from) }] });
  expect(put.status).toBe(200);
  try {
    expect(await cell('A-NEVER', 'lockout')).toMatchObject({ status: 'failed', dueAt: new Date(from).toISOString() });
    const worker = async () => (await s.db.query<{ valid_until: Date }>("SELECT valid_until FROM worker_states WHERE employee_id = 'A-NEVER'")).rows[0]!.valid_until;
    expect((await worker()).getTime()).toBe(from - 14 * DAY);
    s.clock.now = new Date(from - 14 * DAY);
    expect(await cell('A-NEVER', 'lockout')).toMatchObject({ status: 'due-soon' });
    expect((await worker()).getTime()).toBe(from);
    s.clock.now = new Date(from - 1);
    expect((await cell('A-NEVER', 'lockout')).status).toBe('due-soon');
    s.clock.now = new Date(from);
    expect(await cell('A-NEVER', 'lockout')).toMatchObject({ status: 'overdue', dueAt: new Date(from).toISOString() });
  } finally {
    s.clock.now = start;
  }
});

it('a requirement\'s recertification interval replaces the lesson\'s on the dashboard', async () => {
  // A-DONE passed press-basics (never expires) 10 days ago: with 7 days it is overdue since 3 days.
  expect((await cell('A-DONE', 'press-basics')).status).toBe('done');
  expect((await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'site-a', stationId: 'press', lessons: ['lockout', 'press-basics'], recertDays: 7 }] })).status).toBe(200);
  expect(await cell('A-DONE', 'press-basics')).toMatchObject({ status: 'overdue' });
});
