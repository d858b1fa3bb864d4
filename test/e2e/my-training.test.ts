import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lesson } from '../../common/contracts/lesson';
import { centralDatabase, centralServer, freePort, serverCli, type CentralDatabase, type CentralServer } from './day-one-server';
import { launchChromium, startKiosk, tapBadge, type RunningKiosk } from './harness';

/**
 * A certificate from the last lesson to the verify page, across the real parts: a worker plays a
 * station's two required lessons in Chromium; with the last one the server issues the
 * certification; after the terminal's next pull "My training" shows it with its QR code; the verify
 * page the QR names says valid, and revoked once an admin revokes it.
 * Runs on PostgreSQL with DATABASE_URL, on embedded PGlite without. Needs `npx vite build` first.
 */

const SITE = { id: 'plant-8', name: 'Plant 8' };
const STATION = { id: 'press-2', name: 'Press 2' };
const WORKER = { badge: '8001', employeeId: 'E8001', name: 'Nguyễn Văn An' };
const ROSTER_CSV = ['badge_id,employee_id,name,language,site,roles,stations,supervisor', `${WORKER.badge},${WORKER.employeeId},${WORKER.name},en,${SITE.id},operator,${STATION.id},false`].join('\r\n');

function lesson(id: string, title: string): Lesson {
  return { id, version: 1, language: 'en', title, summary: '', durationMinutes: 2, skills: [], roles: [], stations: [], prerequisites: [], recertifyAfterDays: 365, tags: [], cards: [{ kind: 'text', id: 'c1', markdown: `# ${title}\n\nRead this.` }] };
}

let database: CentralDatabase;
let server: CentralServer;
let adminToken: string;
let kiosk: RunningKiosk | null = null;
let browser: Browser;
let page: Page;

async function admin(method: 'GET' | 'POST' | 'PUT', url: string, body?: string | object, contentType = 'application/json'): Promise<any> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': contentType }), ...(url.startsWith('/xapi') ? { 'x-experience-api-version': '1.0.3' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

beforeAll(async () => {
  if (!fs.existsSync('dist/renderer/index.html')) throw new Error('dist/renderer is missing: run "npx vite build" first');
  database = centralDatabase();
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

describe('a certification from the last lesson to the verify page', () => {
  it('the worker finishes the last required lesson and "My training" shows the certification with its QR; the verify page says valid, then revoked', async () => {
    adminToken = /\bsla_[\w-]+/.exec(await serverCli(database, ['admin-token', 'create', '--label', 'e2e']))![0];
    await serverCli(database, ['create-site', '--id', SITE.id, '--name', SITE.name]);
    await serverCli(database, ['create-station', '--site', SITE.id, '--id', STATION.id, '--name', STATION.name]);
    await server.start();
    await admin('POST', '/api/v1/admin/roster/import', ROSTER_CSV, 'text/csv');
    await admin('PUT', '/api/v1/admin/lessons', { lessons: [lesson('guarding', 'Machine guarding'), lesson('two-hand', 'Two-hand controls')].map((l) => ({ siteId: null, lesson: l })) });
    await admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: SITE.id, stationId: STATION.id, lessons: ['guarding', 'two-hand'] }] });
    await admin('PUT', '/api/v1/admin/certifications', { id: 'press-2-operator', name: 'Press 2 operator', requirement: { siteId: SITE.id, stationId: STATION.id }, validityDays: 365 });
    expect((await admin('GET', `/api/v1/admin/credentials?employeeId=${WORKER.employeeId}`)).credentials).toEqual([]);

    const { code } = await admin('POST', '/api/v1/admin/enrollment-codes', { siteId: SITE.id, stationId: STATION.id });
    kiosk = await startKiosk({ config: { site: SITE, station: STATION, badge: { debounceMs: 0 }, server: { url: server.url, enrollmentCode: code, syncIntervalSeconds: 5 }, demo: false } });
    await page.goto(kiosk.url);
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-state"]')?.textContent === 'Synced just now', undefined, { timeout: 45_000 });

    await tapBadge(page, WORKER.badge);
    await page.getByTestId('greeting').waitFor();
    await page.getByTestId('my-training-open').click();
    await page.getByTestId('my-training').waitFor();
    expect(await page.getByTestId('my-certification').count()).toBe(0);
    await page.getByTestId('my-training-back').click();
    for (const title of ['Machine guarding', 'Two-hand controls']) {
      if (title !== 'Machine guarding') {
        await tapBadge(page, WORKER.badge);
        await page.getByTestId('greeting').waitFor();
      }
      expect(await page.locator('#next-lesson-title').textContent()).toBe(title);
      await page.getByTestId('start-lesson').click();
      await page.getByTestId('lesson-player').waitFor();
      await page.getByTestId('complete-lesson').click();
      await page.getByTestId('done-screen').waitFor();
      await page.getByTestId('finish').click();
      await page.getByTestId('attract-screen').waitFor();
    }

    // The completion goes up, the server issues, the next pull brings the credential down.
    await expect.poll(async () => (await admin('GET', `/api/v1/admin/credentials?employeeId=${WORKER.employeeId}`)).credentials.length, { timeout: 30_000 }).toBe(1);
    const [issued] = (await admin('GET', `/api/v1/admin/credentials?employeeId=${WORKER.employeeId}`)).credentials;
    const verifyUrl = `${server.url}/verify/${issued.id}`;
    await expect
      .poll(
        async () => {
          await tapBadge(page, WORKER.badge);
          await page.getByTestId('greeting').waitFor();
          await page.getByTestId('my-training-open').click();
          await page.getByTestId('my-training').waitFor();
          const found = await page.locator('[data-testid="my-certification"][data-state="valid"] [data-testid="credential-qr"]').getAttribute('data-qr-text', { timeout: 1000 }).catch(() => null);
          await page.getByTestId('my-training-back').click();
          return found;
        },
        { timeout: 40_000, interval: 2000 },
      )
      .toBe(verifyUrl);

    const verifyPage = await page.context().newPage();
    await verifyPage.goto(verifyUrl);
    expect(await verifyPage.locator('[data-status]').getAttribute('data-status')).toBe('valid');
    expect(await verifyPage.locator('main').textContent()).toContain(WORKER.name);
    await admin('POST', `/api/v1/admin/credentials/${issued.id}/revoke`, { reason: 'e2e revocation' });
    await verifyPage.reload();
    expect(await verifyPage.locator('[data-status]').getAttribute('data-status')).toBe('revoked');
  });
});
