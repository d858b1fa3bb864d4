import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Page } from 'playwright-core';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { createAdminToken } from '../../server/admin';
import { buildApp } from '../../server/app';
import { createUser } from '../../server/dashboard/users';
import { openTestDb } from '../server/helpers';

/**
 * The central server in-process on 127.0.0.1 with a fixture of two sites: site A has a supervisor,
 * workers who are done, overdue and never started; site B has workers whose names must never show
 * up for site A's supervisor. Completions arrive the real way: xAPI statements from enrolled terminals.
 */

export const SERVER_URL = 'http://learn.test';
export const PASSWORD = 'correct horse battery staple';
export const SUPERVISOR_A = { email: 'sup-a@plant.test', name: 'Sam Supervisor' };
export const ADMIN = { email: 'admin@plant.test', name: 'Ada Admin' };

export const SITE_A = { id: 'plant-a', name: 'Plant Alpha' };
export const SITE_B = { id: 'plant-b', name: 'Plant Bravo' };

export const WORKERS = {
  doneA: { employeeId: 'A100', displayName: 'Ana Alvarez', siteId: SITE_A.id, stations: ['press-a'] },
  overdueA: { employeeId: 'A200', displayName: 'Bo Brennan', siteId: SITE_A.id, stations: ['press-a'] },
  newA: { employeeId: 'A300', displayName: 'Cy Castillo', siteId: SITE_A.id, stations: ['dock-a'] },
  failedA: { employeeId: 'A400', displayName: 'Di Duarte', siteId: SITE_A.id, stations: ['press-a'] },
  doneB: { employeeId: 'B100', displayName: 'Zora Blackwood', siteId: SITE_B.id, stations: ['weld-b'] },
  newB: { employeeId: 'B200', displayName: 'Yuri Bellweather', siteId: SITE_B.id, stations: ['weld-b'] },
};

/** Text that belongs to site B only: none of it may reach site A's supervisor. */
export const SITE_B_ONLY_TEXT = [SITE_B.name, WORKERS.doneB.displayName, WORKERS.newB.displayName, 'Weld bay B', 'B100', 'B200'];

const DAY = 86_400_000;

function textLesson(id: string, title: string, recertifyAfterDays: number | null) {
  return {
    id,
    version: 1,
    language: 'en',
    title,
    durationMinutes: 2,
    roles: ['operator'],
    recertifyAfterDays,
    cards: [{ kind: 'text', id: 'c1', markdown: `About ${title}.` }],
  };
}

export interface DashboardServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startDashboardServer(now = new Date()): Promise<DashboardServer> {
  const { db, dispose } = await openTestDb();
  const app = await buildApp({ db, serverUrl: SERVER_URL });
  const { token } = await createAdminToken(db, 'dashboard e2e');
  const admin = async (method: InjectOptions['method'], url: string, payload: unknown) => {
    const res = await app.inject({ method, url, payload: payload as InjectOptions['payload'], headers: { authorization: `Bearer ${token}` } });
    if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.body ? res.json() : null;
  };

  for (const site of [SITE_A, SITE_B]) await admin('POST', '/api/v1/admin/sites', site);
  await admin('POST', '/api/v1/admin/stations', { siteId: SITE_A.id, id: 'press-a', name: 'Press line A' });
  await admin('POST', '/api/v1/admin/stations', { siteId: SITE_A.id, id: 'dock-a', name: 'Loading dock A' });
  await admin('POST', '/api/v1/admin/stations', { siteId: SITE_B.id, id: 'weld-b', name: 'Weld bay B' });
  await admin('PUT', '/api/v1/admin/workers', {
    workers: Object.values(WORKERS).map((w) => ({ ...w, language: 'en', roles: ['operator'] })),
  });
  await admin('PUT', '/api/v1/admin/lessons', {
    lessons: [
      { siteId: null, lesson: textLesson('lockout-basics', 'Lockout basics', 30) },
      { siteId: null, lesson: textLesson('forklift-check', 'Forklift daily check', null) },
    ],
  });
  await db.query("INSERT INTO role_requirements (role, lessons) VALUES ('operator', '{lockout-basics,forklift-check}')");
  // Station completion counts only what the station itself requires.
  await db.query(
    `INSERT INTO station_requirements (site_id, station_id, lessons) VALUES
       ('plant-a', 'press-a', '{lockout-basics}'), ('plant-a', 'dock-a', '{forklift-check}'), ('plant-b', 'weld-b', '{lockout-basics}')`,
  );

  const completions: Array<{ worker: (typeof WORKERS)[keyof typeof WORKERS]; station: string; lessonId: string; title: string; daysAgo: number; passed?: false }> = [
    // Recertification falls due in 10 days: on the calendar.
    { worker: WORKERS.doneA, station: 'press-a', lessonId: 'lockout-basics', title: 'Lockout basics', daysAgo: 20 },
    { worker: WORKERS.doneA, station: 'press-a', lessonId: 'forklift-check', title: 'Forklift daily check', daysAgo: 20 },
    // Recertification fell due 10 days ago: overdue.
    { worker: WORKERS.overdueA, station: 'press-a', lessonId: 'lockout-basics', title: 'Lockout basics', daysAgo: 40 },
    // Sat lockout and did not pass it: a retake is due, on the dashboard as on the station board.
    { worker: WORKERS.failedA, station: 'press-a', lessonId: 'lockout-basics', title: 'Lockout basics', daysAgo: 1, passed: false },
    { worker: WORKERS.failedA, station: 'press-a', lessonId: 'forklift-check', title: 'Forklift daily check', daysAgo: 1 },
    { worker: WORKERS.doneB, station: 'weld-b', lessonId: 'lockout-basics', title: 'Lockout basics', daysAgo: 5 },
    { worker: WORKERS.doneB, station: 'weld-b', lessonId: 'forklift-check', title: 'Forklift daily check', daysAgo: 5 },
  ];
  const terminals = new Map<string, { terminalId: string; credential: string }>();
  for (const [siteId, stationId] of [[SITE_A.id, 'press-a'], [SITE_B.id, 'weld-b']] as const) {
    const { code } = await admin('POST', '/api/v1/admin/enrollment-codes', { siteId, stationId });
    const res = await app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, terminalName: `${stationId} kiosk` } });
    terminals.set(stationId, res.json());
  }
  for (const c of completions) {
    const terminal = terminals.get(c.station)!;
    const statement = buildCompletionStatement(
      {
        id: randomUUID(),
        employeeId: c.worker.employeeId,
        workerName: c.worker.displayName,
        lessonId: c.lessonId,
        lessonVersion: 1,
        lessonTitle: c.title,
        language: 'en',
        score: c.passed === false ? 0 : null,
        passed: c.passed ?? null,
        durationMs: 90_000,
        completedAt: new Date(now.getTime() - c.daysAgo * DAY).toISOString(),
      },
      { serverUrl: SERVER_URL, siteId: c.worker.siteId, stationId: c.station, terminalId: terminal.terminalId },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/xapi/statements',
      payload: [statement],
      headers: { authorization: `Bearer ${terminal.terminalId}.${terminal.credential}`, 'x-experience-api-version': '1.0.3' },
    });
    if (res.statusCode !== 200) throw new Error(`fixture statement: ${res.statusCode} ${res.body}`);
  }

  await createUser(db, { ...SUPERVISOR_A, role: 'supervisor', sites: [SITE_A.id], password: PASSWORD });
  await createUser(db, { ...ADMIN, role: 'admin', sites: [], password: PASSWORD });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    close: async () => {
      await app.close();
      await dispose();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axePath = path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js');
/** A same-origin URL for axe-core, so the page's strict CSP (script-src 'self') stays on while it runs. */
const axeUrl = '/dashboard/assets/axe-core-for-tests.js';
const routedPages = new WeakSet<Page>();

/** Serious and critical axe-core violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!routedPages.has(page)) {
    await page.route(`**${axeUrl}`, (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
    routedPages.add(page);
  }
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: axeUrl });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
