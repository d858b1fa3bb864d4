import { randomUUID } from 'node:crypto';
import type { Lesson } from '../../common/contracts/lesson';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { createUser } from '../../server/dashboard/users';
import { enroll, seedSite, SERVER_URL, XAPI, type TestServer } from './helpers';

export const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;

function lesson(id: string, title: string, recertifyAfterDays: number | null): Lesson {
  return {
    id,
    version: 1,
    language: 'en',
    title,
    summary: '',
    durationMinutes: 3,
    skills: [],
    roles: [],
    stations: [],
    prerequisites: [],
    recertifyAfterDays,
    tags: [],
    cards: [{ kind: 'text', id: 'c1', markdown: 'x' }],
  };
}

/**
 * Site A, station press (requires lockout, recertified yearly, and press-basics): one worker
 * overdue, one due soon, one done, one never started. Site B, station dock: one worker never
 * started. Users: an admin, a supervisor of site A.
 */
export async function seedDashboard(s: TestServer): Promise<void> {
  await seedSite(s, 'site-a', ['press', 'pack']);
  await seedSite(s, 'site-b', ['dock']);
  for (const l of [lesson('lockout', 'Lockout basics', 365), lesson('press-basics', 'Press basics', null)]) {
    await s.db.query('INSERT INTO lessons (id, language, version, site_id, json) VALUES ($1, $2, $3, NULL, $4)', [l.id, l.language, l.version, JSON.stringify(l)]);
  }
  const reqs = await s.admin('PUT', '/api/v1/admin/requirements', {
    stations: [
      { siteId: 'site-a', stationId: 'press', lessons: ['lockout', 'press-basics'] },
      { siteId: 'site-b', stationId: 'dock', lessons: ['lockout'] },
    ],
  });
  if (reqs.status !== 200) throw new Error(`requirements: ${JSON.stringify(reqs.body)}`);
  const workers = [
    { employeeId: 'A-OVERDUE', displayName: 'Olga Overdue', language: 'en', siteId: 'site-a', stations: ['press'] },
    { employeeId: 'A-SOON', displayName: 'Sam Soon', language: 'en', siteId: 'site-a', stations: ['press'] },
    { employeeId: 'A-DONE', displayName: 'Dana Done', language: 'en', siteId: 'site-a', stations: ['press'] },
    { employeeId: 'A-NEVER', displayName: '=HYPERLINK("http://evil")', language: 'es', siteId: 'site-a', stations: ['press'] },
    { employeeId: 'B-NEVER', displayName: 'Bruno Bsite', language: 'en', siteId: 'site-b', stations: ['dock'] },
  ];
  const w = await s.admin('PUT', '/api/v1/admin/workers', { workers });
  if (w.status !== 200) throw new Error(`workers: ${JSON.stringify(w.body)}`);

  const now = s.clock.now.getTime();
  const t = await enroll(s, 'site-a', 'press');
  const done = (employeeId: string, lessonId: string, daysAgo: number, passed: boolean | null = true) =>
    buildCompletionStatement(
      {
        id: randomUUID(),
        employeeId,
        workerName: employeeId,
        lessonId,
        lessonVersion: 1,
        lessonTitle: lessonId,
        language: 'en',
        score: null,
        passed,
        durationMs: 60_000,
        completedAt: new Date(now - daysAgo * DAY).toISOString(),
      },
      { serverUrl: SERVER_URL, siteId: 'site-a', stationId: 'press', terminalId: t.terminalId },
    );
  const statements = [
    done('A-OVERDUE', 'lockout', 400),
    done('A-OVERDUE', 'press-basics', 400),
    done('A-SOON', 'lockout', 358),
    done('A-SOON', 'press-basics', 358),
    done('A-DONE', 'lockout', 10),
    done('A-DONE', 'press-basics', 10),
    done('A-NEVER', 'lockout', 2, false),
  ];
  const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI }, payload: statements });
  if (res.statusCode !== 200) throw new Error(`statements: ${res.body}`);

  await createUser(s.db, { email: 'admin@example.com', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  await createUser(s.db, { email: 'sup-a@example.com', name: 'Sue Supervisor', role: 'supervisor', sites: ['site-a'], password: PASSWORD });
}

/** Signs in and returns the Cookie header value for later requests. */
export async function signIn(s: TestServer, email: string, password = PASSWORD): Promise<string> {
  const res = await s.app.inject({ method: 'POST', url: '/api/v1/dashboard/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sl_session');
  if (!cookie) throw new Error('no sl_session cookie');
  return `sl_session=${cookie.value}`;
}
