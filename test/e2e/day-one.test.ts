import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckCard, Lesson } from '../../common/contracts/lesson';
import { extensionIri, lessonActivityId, verbs } from '../../common/xapi/completion';
import type { Statement } from '../../common/xapi/statement';
import { buildPack } from '../../content-pack/pack';
import { centralDatabase, centralServer, contentCli, freePort, serverCli, type CentralDatabase, type CentralServer } from './day-one-server';
import { launchChromium, readDb, startKiosk, tapBadge, type RunningKiosk } from './harness';

/**
 * Day one of a new site, across the real parts: site IT sets up "Plant 7 / Packing 1" with the
 * server's admin CLI and admin API, imports the HR roster, publishes the starter library and says
 * what the station requires; a terminal enrolls from its config file and syncs; a Spanish-speaking
 * worker taps her badge and plays the required lesson in Chromium; the completion reaches the
 * server as an xAPI statement and the supervisor's dashboard shows her done; then the server goes
 * away, a second completion waits on the terminal and arrives exactly once when it is back.
 * Runs on PostgreSQL with DATABASE_URL, on embedded PGlite without. Needs `npx vite build` first.
 */

const SITE = { id: 'plant-7', name: 'Plant 7' };
const STATION = { id: 'packing-1', name: 'Packing 1' };
const WORKER = { badge: '7001', employeeId: 'E7001', name: 'María González' };
const SUPERVISOR = { badge: '7002', employeeId: 'E7002', name: 'Sam Okafor', email: 'sam.okafor@plant7.test', password: 'packing line one, day one' };
const REQUIRED_LESSON = 'handwashing';

/** The HR export as it comes: a worker who reads Spanish and her supervisor. */
const ROSTER_CSV = [
  'badge_id,employee_id,name,language,site,roles,stations,supervisor',
  `${WORKER.badge},${WORKER.employeeId},${WORKER.name},es,${SITE.id},packer,${STATION.id},false`,
  `${SUPERVISOR.badge},${SUPERVISOR.employeeId},${SUPERVISOR.name},en,${SITE.id},supervisor,${STATION.id},true`,
].join('\r\n');

const XAPI_VERSION = { 'x-experience-api-version': '1.0.3' };
const COMPLETION_VERBS: string[] = [verbs.completed, verbs.passed, verbs.failed];

/** The starter library as the trainer wrote it: the answer key and the titles come from the same files the server gets. */
const library = buildPack('content').lessons;
function lessonIn(id: string, language: string): Lesson {
  const found = library.find((l) => l.id === id && l.language === language);
  if (!found) throw new Error(`the starter library has no ${language} version of ${id}`);
  return found;
}

let database: CentralDatabase;
let server: CentralServer;
let adminToken: string;
let lrsBasic: string;
let kiosk: RunningKiosk | null = null;
let browser: Browser;
let page: Page;

async function admin(method: 'GET' | 'POST' | 'PUT', url: string, body?: string | object, contentType = 'application/json'): Promise<any> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** What an xAPI reporting tool reads with its LRS key: this worker's statements about one lesson. */
async function statementsFor(employeeId: string, lessonId: string): Promise<Statement[]> {
  const query = new URLSearchParams({
    agent: JSON.stringify({ objectType: 'Agent', account: { homePage: server.url, name: employeeId } }),
    activity: lessonActivityId(server.url, lessonId),
  });
  const res = await fetch(`${server.url}/xapi/statements?${query}`, { headers: { authorization: lrsBasic, ...XAPI_VERSION } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET /xapi/statements: ${res.status} ${body}`);
  const { statements, more } = JSON.parse(body) as { statements: Statement[]; more: string };
  expect(more).toBe('');
  return statements.filter((s) => COMPLETION_VERBS.includes(s.verb.id));
}

const syncState = () => page.getByTestId('sync-state');

/** Waits for the attract screen's sync line to read `text`; the limit only guards against a hang. */
async function waitForSyncLine(text: string, timeout = 45_000): Promise<void> {
  try {
    await page.waitForFunction((want) => document.querySelector('[data-testid="sync-state"]')?.textContent === want, text, { timeout });
  } catch (err) {
    throw new Error(`the sync line never read "${text}"; it reads "${await syncState().textContent()}"; kiosk output:\n${kiosk?.output()}`, { cause: err });
  }
}

async function signIn(badge: string): Promise<void> {
  await page.getByTestId('attract-screen').waitFor();
  await tapBadge(page, badge);
  await page.getByTestId('greeting').waitFor();
}

async function answerRight(card: CheckCard): Promise<void> {
  for (const o of card.options.filter((x) => x.correct)) await page.getByTestId(`check-option-${o.id}`).click();
  if (card.mode === 'multiple') await page.getByTestId('check-answer').click();
  await page.locator('[data-testid="check-feedback"][data-correct="true"]').waitFor();
}

/** The picture came from the terminal's media cache and decoded: the media reached the terminal intact. */
async function imageShown(alt: string): Promise<void> {
  const shown = await page
    .waitForFunction((want) => {
      if (document.querySelector('[data-testid="media-missing"]')) return 'missing';
      const img = document.querySelector<HTMLImageElement>('[data-testid="lesson-card"] img');
      return img?.alt === want && img.complete && img.naturalWidth > 0 ? 'shown' : false;
    }, alt)
    .then((h) => h.jsonValue());
  expect(shown, `image "${alt}"`).toBe('shown');
}

/** Plays the lesson on screen card by card, answering every check right, then presses Done. */
async function playThrough(lesson: Lesson): Promise<void> {
  await page.getByTestId('lesson-player').waitFor();
  for (const [i, card] of lesson.cards.entries()) {
    await page.waitForFunction(
      (at) => document.querySelector('[data-testid="card-index"]')?.textContent?.match(/\d+/)?.[0] === String(at),
      i + 1,
    );
    if (card.kind === 'check') await answerRight(card);
    if (card.kind === 'image') await imageShown(card.alt);
    if (i < lesson.cards.length - 1) await page.getByTestId('next-card').click();
  }
  await page.getByTestId('complete-lesson').click();
  await page.getByTestId('done-screen').waitFor();
}

/** Back to the attract screen the way a worker leaves: the finish button on the done screen. */
async function finish(): Promise<void> {
  await page.getByTestId('finish').click();
  await page.getByTestId('attract-screen').waitFor();
}

function expectTerminalContext(s: Statement, terminalId: string): void {
  const ext = s.context?.extensions ?? {};
  expect(ext[extensionIri(server.url, 'site')]).toBe(SITE.id);
  expect(ext[extensionIri(server.url, 'station')]).toBe(STATION.id);
  expect(ext[extensionIri(server.url, 'terminal')]).toBe(terminalId);
}

beforeAll(async () => {
  if (!fs.existsSync('dist/renderer/index.html') || !fs.existsSync('dist/renderer/dashboard.html')) {
    throw new Error('dist/renderer is missing the kiosk or the dashboard page: run "npx vite build" first');
  }
  database = centralDatabase();
  // The terminal's config names the server's URL, so the port is chosen once and kept across restarts.
  server = centralServer(database, await freePort());
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  if (kiosk) fs.rmSync(kiosk.dataDir, { recursive: true, force: true });
  await server?.stop();
  await database?.dispose();
});

describe('day one at Plant 7, across the real parts', () => {
  let terminalId: string;

  it('site IT sets up the site, roster, content, requirements and an enrollment code', async () => {
    // Before the server runs (the embedded database is single-process): the CLI, as the README shows.
    adminToken = /\bsla_[\w-]+/.exec(await serverCli(database, ['admin-token', 'create', '--label', 'site IT']))![0];
    const lrs = await serverCli(database, ['lrs-key', 'create', '--label', 'reporting']);
    const [, key] = /^key\s+(\S+)$/m.exec(lrs)!;
    const [, secret] = /^secret\s+(\S+)$/m.exec(lrs)!;
    lrsBasic = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
    await serverCli(database, ['create-site', '--id', SITE.id, '--name', SITE.name]);
    await serverCli(database, ['create-station', '--site', SITE.id, '--id', STATION.id, '--name', STATION.name]);
    const user = await serverCli(
      database,
      ['user', 'create', '--email', SUPERVISOR.email, '--name', SUPERVISOR.name, '--role', 'supervisor', '--sites', SITE.id, '--password-stdin'],
      `${SUPERVISOR.password}\n`,
    );
    expect(user).toContain(`dashboard user ${SUPERVISOR.email} (supervisor, sites ${SITE.id}) saved`);

    await server.start();
    // While it runs: the admin HTTP API and the content tool.
    const dryRun = await admin('POST', '/api/v1/admin/roster/import?dryRun=true', ROSTER_CSV, 'text/csv');
    expect(dryRun).toMatchObject({ dryRun: true, applied: false, added: 2, errors: [] });
    const imported = await admin('POST', '/api/v1/admin/roster/import', ROSTER_CSV, 'text/csv');
    expect(imported).toMatchObject({ applied: true, sites: [SITE.id], added: 2, badges: { added: 2, moved: 0, withdrawn: 0 }, errors: [] });

    const published = await contentCli(['publish', '--server', server.url, 'content'], { SHIFTLEARN_ADMIN_TOKEN: adminToken });
    expect(published).toMatch(new RegExp(`Published pack \\w+ to ${server.url}: ${library.length} lessons`));

    await admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: SITE.id, stationId: STATION.id, lessons: [REQUIRED_LESSON] }] });
    const { code } = await admin('POST', '/api/v1/admin/enrollment-codes', { siteId: SITE.id, stationId: STATION.id });
    expect(code).toEqual(expect.any(String));

    kiosk = await startKiosk({
      config: {
        site: SITE,
        station: STATION,
        // María taps again seconds after her first lesson; a real worker never does it inside the double-read window.
        badge: { debounceMs: 0 },
        server: { url: server.url, enrollmentCode: code, syncIntervalSeconds: 5 },
        demo: false,
      },
    });
  });

  it('the terminal enrolls from its config and downloads its roster and lessons', async () => {
    await page.goto(kiosk!.url);
    await page.getByTestId('attract-screen').waitFor();
    await waitForSyncLine('Synced just now');

    const { terminals } = await admin('GET', '/api/v1/admin/terminals');
    expect(terminals).toHaveLength(1);
    expect(terminals[0]).toMatchObject({ siteId: SITE.id, stationId: STATION.id });
    terminalId = terminals[0].id;
    const onTerminal = readDb(kiosk!, (db) => ({
      workers: db.prepare('SELECT count(*) AS n FROM workers').get() as { n: number },
      lessons: db.prepare('SELECT count(*) AS n FROM lessons').get() as { n: number },
    }));
    expect(onTerminal.workers.n).toBe(2);
    expect(onTerminal.lessons.n).toBe(library.length);
  });

  it('María taps her badge, reads in Spanish why, plays the required lesson, and the server has the statement', async () => {
    const lesson = lessonIn(REQUIRED_LESSON, 'es');
    await signIn(WORKER.badge);
    expect(await page.getByTestId('greeting').textContent()).toBe('Hola María');
    expect(await page.locator('#next-lesson-title').textContent()).toBe(lesson.title);
    expect(await page.locator('[data-testid="next-lesson"] .reason').textContent()).toBe(`Obligatorio para ${STATION.name}`);

    await page.getByTestId('start-lesson').click();
    await playThrough(lesson);
    expect(await page.getByTestId('done-score').textContent()).toMatch(/100\s*%/);
    await finish();

    await expect.poll(() => statementsFor(WORKER.employeeId, REQUIRED_LESSON), { timeout: 30_000 }).toHaveLength(1);
    const [statement] = await statementsFor(WORKER.employeeId, REQUIRED_LESSON);
    expect(statement.verb.id).toBe(verbs.passed);
    expect(statement.result).toMatchObject({ success: true, completion: true, score: { scaled: 1 } });
    expect(statement.object).toMatchObject({ definition: { name: { es: lesson.title } } });
    expectTerminalContext(statement, terminalId);
  });

  it('the supervisor signs in to the dashboard and sees María done in the skill matrix', async () => {
    const dashboard = await browser.newContext();
    try {
      const desk = await dashboard.newPage();
      await desk.goto(`${server.url}/dashboard/?view=matrix`);
      await desk.getByLabel('Email').fill(SUPERVISOR.email);
      await desk.getByLabel('Password').fill(SUPERVISOR.password);
      await desk.getByRole('button', { name: 'Sign in' }).click();
      const matrix = desk.locator('#main table.matrix');
      await matrix.waitFor();

      const title = lessonIn(REQUIRED_LESSON, 'en').title;
      const columns = (await matrix.locator('thead th').allTextContents()).map((t) => t.trim());
      // the worker, their one status, then a column per required lesson
      expect(columns).toEqual(['Worker', 'Status', title]);
      const row = matrix.locator('tbody tr', { has: desk.locator('th', { hasText: WORKER.employeeId }) });
      expect(await row.locator('th').textContent()).toBe(`${WORKER.name} ${WORKER.employeeId}`);
      expect(await row.locator('td').last().getAttribute('class')).toBe('cell-done');
      expect(await row.locator('td').last().textContent()).toMatch(/^\W*Done\b/);
      const supervisorRow = matrix.locator('tbody tr', { has: desk.locator('th', { hasText: SUPERVISOR.employeeId }) });
      expect(await supervisorRow.locator('td').last().getAttribute('class')).toBe('cell-never-started');
    } finally {
      await dashboard.close();
    }
  });

  it('with the server down a second completion waits on the terminal, and arrives exactly once when it is back', async () => {
    await server.stop();
    await signIn(WORKER.badge);
    // With the required lesson done, María takes the next lesson the terminal offers her.
    const lesson = await offeredLesson();
    expect(lesson.id).not.toBe(REQUIRED_LESSON);
    await playThrough(lesson);
    await finish();
    await waitForSyncLine('Offline - 1 completion waiting');

    const completionId = readDb(kiosk!, (db) =>
      (db.prepare('SELECT id FROM completions WHERE lesson_id = ?').get(lesson.id) as { id: string }).id,
    );
    await server.start();
    await waitForSyncLine('Synced just now', 60_000);

    const arrived = await statementsFor(WORKER.employeeId, lesson.id);
    expect(arrived.map((s) => s.id)).toEqual([completionId]);
    expectTerminalContext(arrived[0], terminalId);
    const stored = await server.db().query<{ n: number }>('SELECT count(*)::int AS n FROM statements WHERE id = $1', [completionId]);
    expect(stored.rows[0].n).toBe(1);
    // The first completion is still there once, not sent again.
    expect(await statementsFor(WORKER.employeeId, REQUIRED_LESSON)).toHaveLength(1);
  });
});

/** Starts the lesson the greeting offers first (the big button, else the first alternative) and says which it is. */
async function offeredLesson(): Promise<Lesson> {
  if (await page.getByTestId('start-lesson').count()) {
    const title = await page.locator('#next-lesson-title').textContent();
    const found = library.find((l) => l.language === 'es' && l.title === title);
    if (!found) throw new Error(`the greeting offers "${title}", which is no Spanish starter lesson`);
    await page.getByTestId('start-lesson').click();
    return found;
  }
  const alternative = page.locator('[data-testid^="alternative-"]').first();
  const id = (await alternative.getAttribute('data-testid'))!.slice('alternative-'.length);
  await alternative.click();
  return lessonIn(id, 'es');
}
