import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skillMatrixResponse } from '../../common/contracts/dashboard';
import { createUser } from '../../server/dashboard/users';
import { complete, DAY, seedCertification } from './credentials-fixture';
import { PASSWORD, signIn } from './dashboard-fixture';
import { startTestServer, type EnrolledTerminal, type TestServer } from './helpers';
import { pdfText } from './pdf-text';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/credentials');

let s: TestServer;
let press: EnrolledTerminal;
let cookie: string;

beforeEach(async () => {
  s = await startTestServer();
  press = await seedCertification(s);
  const now = s.clock.now.getTime();
  await complete(s, press, 'E1', 'lockout', { passed: false, score: 0.5, at: new Date(now - 40 * DAY) });
  await complete(s, press, 'E1', 'lockout', { score: 1, at: new Date(now - 3 * DAY) });
  await complete(s, press, 'E1', 'press-basics', { score: 0.75, at: new Date(now - 2 * DAY) });
  await complete(s, press, 'E2', 'lockout', { score: 1, at: new Date(now - 400 * DAY) });
  await createUser(s.db, { email: 'admin@example.com', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  cookie = await signIn(s, 'admin@example.com');
});
afterEach(async () => s.close());

async function report(query: string) {
  return s.app.inject({ method: 'GET', url: `/api/v1/dashboard/audit-report?${query}`, headers: { cookie } });
}

describe('audit report', () => {
  it('lists every trusted completion in range as the statements recorded it, with attempt and certification status', async () => {
    const res = await report('site=plant&station=press&from=2026-09-01');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.query).toBe('site plant; station press; completions 2026-09-01 to today');
    expect(r.generatedAt).toBe(s.clock.now.toISOString());

    const stored = await s.db.query<{ id: string; statement: any; terminal_id: string }>(
      `SELECT id, statement, terminal_id FROM statements WHERE employee_id IS NOT NULL AND (statement->>'timestamp')::timestamptz >= '2026-09-01' ORDER BY statement->>'timestamp'`,
    );
    expect(r.completions.map((c: any) => c.statementId)).toEqual(stored.rows.map((row) => row.id));
    for (const [i, row] of stored.rows.entries()) {
      const c = r.completions[i];
      const st = row.statement;
      expect(c.timestamp).toBe(new Date(st.timestamp).toISOString());
      expect(c.lessonId).toBe(st.object.id.split('/').pop());
      expect(c.lessonVersion).toBe(st.context.extensions['http://learn.test/xapi/ext/lesson-version']);
      expect(c.score).toBe(st.result.score.scaled);
      expect(c.passed).toBe(st.result.success);
      expect(c.stationId).toBe(st.context.extensions['http://learn.test/xapi/ext/station']);
      expect(c.terminalId).toBe(row.terminal_id);
    }
    const lockouts = r.completions.filter((c: any) => c.employeeId === 'E1' && c.lessonId === 'lockout');
    expect(lockouts.map((c: any) => [c.passed, c.attempt])).toEqual([
      [false, 1],
      [true, 2],
    ]);
    expect(lockouts[1].certificationStatus).toMatch(/^Press operator: valid until 2027-11-2\d$/);
    // E2 passed lockout 400 days ago (recertify yearly) and never did press-basics.
    expect(r.outstanding).toEqual([
      expect.objectContaining({ employeeId: 'E2', lessonId: 'lockout', standing: 'overdue', requiredBy: 'station press' }),
      expect.objectContaining({ employeeId: 'E2', lessonId: 'press-basics', standing: 'never-started' }),
    ]);
  });

  it('counts attempts over the whole history even when the range starts later', async () => {
    const r = (await report('from=2026-11-01')).json();
    const lockout = r.completions.find((c: any) => c.employeeId === 'E1' && c.lessonId === 'lockout');
    expect(lockout.attempt).toBe(2);
    expect(r.completions.some((c: any) => c.employeeId === 'E2')).toBe(false);
  });

  it('writes CSV with a BOM and CRLF, and a PDF that states the query and generation time', async () => {
    const csv = await report('site=plant&format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFFreport,query,generated_at,workers,inactive_workers\r\n')).toBe(true);
    expect(csv.body.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const lines = csv.body.split('\r\n');
    expect(lines[1]).toBe(`Training audit report,site plant; completions from the start to today,${s.clock.now.toISOString()},3,0`);
    expect(lines).toContain('timestamp,employee_id,worker,worker_active,lesson_id,lesson_title,lesson_version,content_sha256,score,passed,attempt,site,station,terminal,certification_status,statement_id');
    expect(lines.filter((l) => l.includes(',Nguyễn Thị Minh,'))).toHaveLength(3);

    const pdf = await report('site=plant&format=pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).flat().join('\n');
    expect(text).toContain('Query: site plant; completions from the start to today');
    expect(text).toContain(`Generated: ${s.clock.now.toISOString()}`);
    expect(text).toContain('Иван Петров (E2)  Press basics [press-basics]: never-started');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'audit-report-sample.csv'), csv.body);
    writeFileSync(path.join(ARTIFACTS, 'audit-report-sample.pdf'), pdf.rawPayload);
  });

  it("gives one worker's whole training record the same way", async () => {
    const r = (await report('employeeId=E1')).json();
    expect(r.title).toBe('Training record of Nguyễn Thị Minh');
    expect(r.completions).toHaveLength(3);
    expect(r.outstanding).toEqual([]);
    const pdf = await report('employeeId=E1&format=pdf');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'training-record-sample.pdf'), pdf.rawPayload);
    expect((await report('employeeId=NOBODY')).statusCode).toBe(404);
  });
});

/**
 * The report's outstanding lessons and the dashboard's skill matrix for the same workers and clock
 * (issue 14): a requirement's recertDays and effectiveFrom hold in both, decided in one place.
 */
describe('audit report and dashboard agree on requirement terms', () => {
  type Outstanding = { employeeId: string; lessonId: string; standing: string; dueAt: string | null };
  const byKey = (a: Outstanding, b: Outstanding) => `${a.employeeId} ${a.lessonId}`.localeCompare(`${b.employeeId} ${b.lessonId}`);

  /** What each says is not done at site plant; fails unless both say the same, and returns it. */
  async function bothSay(): Promise<Outstanding[]> {
    // Signed in again at each clock: a session from weeks ago on the test clock has expired.
    cookie = await signIn(s, 'admin@example.com');
    const r = await report('site=plant');
    expect(r.statusCode).toBe(200);
    const fromReport: Outstanding[] = r.json().outstanding.map((o: Outstanding) => ({ employeeId: o.employeeId, lessonId: o.lessonId, standing: o.standing, dueAt: o.dueAt }));
    const matrix = skillMatrixResponse.parse((await s.app.inject({ url: '/api/v1/dashboard/skill-matrix?site=plant', headers: { cookie } })).json());
    const fromDashboard = matrix.workers.flatMap((w) =>
      Object.entries(w.cells)
        .filter(([, c]) => c.status !== 'done')
        .map(([lessonId, c]) => ({ employeeId: w.employeeId, lessonId, standing: c.status, dueAt: c.dueAt })),
    );
    expect([...fromReport].sort(byKey)).toEqual([...fromDashboard].sort(byKey));
    return fromReport.sort(byKey);
  }
  const at = (t: number) => new Date(t).toISOString();

  it("a requirement's recertDays shorter than the lesson's interval makes a recent pass due soon and an old one overdue sooner", async () => {
    const now = s.clock.now.getTime();
    const put = await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'plant', stationId: 'press', lessons: ['lockout', 'press-basics'], recertDays: 10 }] });
    expect(put.status).toBe(200);
    // The lessons recertify after 365 days; the requirement's 10 days decide. E1 passed lockout 3 and
    // press-basics 2 days ago (due in 7 and 8 days: inside the 14-day window); E2's lockout 400 days ago.
    expect(await bothSay()).toEqual([
      { employeeId: 'E1', lessonId: 'lockout', standing: 'due-soon', dueAt: at(now + 7 * DAY) },
      { employeeId: 'E1', lessonId: 'press-basics', standing: 'due-soon', dueAt: at(now + 8 * DAY) },
      { employeeId: 'E2', lessonId: 'lockout', standing: 'overdue', dueAt: at(now - 390 * DAY) },
      { employeeId: 'E2', lessonId: 'press-basics', standing: 'never-started', dueAt: null },
    ]);
  });

  it('before a future effectiveFrom nothing is overdue: lessons not done are due by the date, then overdue from it', async () => {
    const start = s.clock.now.getTime();
    const from = Date.parse(`${at(start + 30 * DAY).slice(0, 10)}T00:00:00.000Z`);
    const put = await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'plant', stationId: 'press', lessons: ['lockout', 'press-basics'], effectiveFrom: at(from).slice(0, 10) }] });
    expect(put.status).toBe(200);
    // E2's lockout expired 35 days ago, but the requirement holds only from the date: due by it.
    expect(await bothSay()).toEqual([
      { employeeId: 'E2', lessonId: 'lockout', standing: 'never-started', dueAt: at(from) },
      { employeeId: 'E2', lessonId: 'press-basics', standing: 'never-started', dueAt: at(from) },
    ]);
    try {
      s.clock.now = new Date(from - 14 * DAY);
      expect((await bothSay()).map((o) => o.standing)).toEqual(['due-soon', 'due-soon']);
      s.clock.now = new Date(from);
      // From the date the requirement holds: the expired pass is overdue since it expired.
      expect(await bothSay()).toEqual([
        { employeeId: 'E2', lessonId: 'lockout', standing: 'overdue', dueAt: at(start - 35 * DAY) },
        { employeeId: 'E2', lessonId: 'press-basics', standing: 'overdue', dueAt: at(from) },
      ]);
    } finally {
      s.clock.now = new Date(start);
    }
  });

  it("lists an inactive worker's completions, marked inactive, and nothing outstanding for them, as the dashboard counts only active workers", async () => {
    const roster = await s.admin('PUT', '/api/v1/admin/workers', {
      workers: [{ employeeId: 'E2', displayName: 'Иван Петров', language: 'en', siteId: 'plant', stations: ['press'], roles: ['press operator'], active: false }],
    });
    expect(roster.status).toBe(200);
    // E1 passed both lessons; E2, who was overdue and never did press-basics, has left.
    expect(await bothSay()).toEqual([]);
    const r = (await report('site=plant')).json();
    expect([r.workerCount, r.inactiveWorkerCount]).toEqual([3, 1]);
    expect(r.completions.map((c: any) => [c.employeeId, c.workerActive])).toEqual([
      ['E2', false],
      ['E1', true],
      ['E1', true],
      ['E1', true],
    ]);

    const lines = (await report('site=plant&format=csv')).body.split('\r\n');
    expect(lines[1]).toMatch(/,3,1$/);
    expect(lines.filter((l) => l.includes(',Иван Петров,false,lockout,'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes(',Nguyễn Thị Minh,true,'))).toHaveLength(3);
    const text = (await pdfText((await report('employeeId=E2&format=pdf')).rawPayload)).flat().join('\n');
    expect(text).toContain('Workers: 1, 1 of them inactive');
    expect(text).toContain('Иван Петров (E2, inactive)  Lockout/tagout [lockout]');
    expect(text).toContain('Missing or overdue (0)');
  });
});
