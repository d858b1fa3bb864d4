import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckCard, Lesson } from '../../common/contracts/lesson';
import { buildPack } from '../../content-pack/pack';
import { centralDatabase, centralServer, contentCli, freePort, serverCli, type CentralDatabase, type CentralServer } from './day-one-server';
import { launchChromium, startKiosk, tapBadge, type RunningKiosk } from './harness';

/**
 * README's "A real site in ten minutes" done through the dashboard (issue 14): the first admin is
 * made with the CLI and the trainer publishes lessons with the content tool; after that site IT uses
 * only the dashboard's admin pages: site, station, roster import (preview first), requirements,
 * a supervisor, an enrollment code. A kiosk enrolls with that code, a worker sees why the lesson is
 * required and plays it, and the dashboard shows the completion and the terminal.
 * Needs `npx vite build` first.
 */

const SITE = { id: 'plant-8', name: 'Plant 8' };
const STATION = { id: 'packing-2', name: 'Packing 2' };
const WORKER = { badge: '8001', employeeId: 'E8001', name: 'Pat Reyes' };
const ADMIN = { email: 'it@plant8.test', password: 'site IT walks through' };
const SUPERVISOR = { email: 'lee@plant8.test', name: 'Lee Chan', password: 'packing line two supervisor' };
const REQUIRED_LESSON = 'handwashing';
const ROSTER_CSV = ['badge_id,employee_id,name,language,site,roles,stations,supervisor', `${WORKER.badge},${WORKER.employeeId},${WORKER.name},en,${SITE.id},packer,${STATION.id},no`].join('\r\n');

const lesson: Lesson = buildPack('content').lessons.find((l) => l.id === REQUIRED_LESSON && l.language === 'en')!;

let database: CentralDatabase;
let server: CentralServer;
let browser: Browser;
let desk: Page;
let kioskPage: Page;
let kiosk: RunningKiosk | null = null;
let code = '';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-walkthrough-'));

async function adminPage(title: string): Promise<void> {
  await desk.getByRole('navigation', { name: 'Dashboard views' }).getByRole('link', { name: title, exact: true }).click();
  await desk.locator('.admin-page').waitFor();
}

beforeAll(async () => {
  if (!fs.existsSync('dist/renderer/dashboard.html')) throw new Error('dist/renderer is missing the dashboard: run "npx vite build" first');
  database = centralDatabase();
  server = centralServer(database, await freePort());
  browser = await launchChromium();
  desk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  kioskPage = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  if (kiosk) fs.rmSync(kiosk.dataDir, { recursive: true, force: true });
  await server?.stop();
  await database?.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("README's site walkthrough through the dashboard", () => {
  it('the first admin from the CLI, the server, and the lessons from the content tool with the token from a file', async () => {
    await serverCli(database, ['user', 'create', '--email', ADMIN.email, '--name', 'Site IT', '--role', 'admin', '--password-stdin'], `${ADMIN.password}\n`);
    const token = /\bsla_[\w-]+/.exec(await serverCli(database, ['admin-token', 'create', '--label', 'content']))![0];
    const tokenFile = path.join(scratch, 'admin-token.txt');
    fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    await server.start();
    expect(await contentCli(['publish', '--server', server.url, '--token-file', tokenFile, 'content'], {})).toMatch(/Published pack/);
  }, 300_000);

  it('site IT signs in and creates the site and the station', async () => {
    await desk.goto(`${server.url}/dashboard/`);
    await desk.getByLabel('Email').fill(ADMIN.email);
    await desk.getByLabel('Password').fill(ADMIN.password);
    await desk.getByRole('button', { name: 'Sign in' }).click();
    await adminPage('Manage sites');
    await desk.getByLabel('Site id').fill(SITE.id);
    await desk.getByLabel('Site name').fill(SITE.name);
    await desk.getByRole('button', { name: 'Create site' }).click();
    await desk.getByLabel('Station id').waitFor();
    await desk.getByLabel('Station id').fill(STATION.id);
    await desk.getByLabel('Station name').fill(STATION.name);
    await desk.getByRole('button', { name: 'Create station' }).click();
    await desk.getByTestId(`site-${SITE.id}`).getByText(STATION.name).waitFor();
  });

  it('imports the roster: the preview first, then the import', async () => {
    await adminPage('Roster import');
    const file = path.join(scratch, 'roster.csv');
    fs.writeFileSync(file, ROSTER_CSV);
    await desk.getByLabel('Roster CSV file').setInputFiles(file);
    await desk.getByText('Preview (nothing changed yet)').waitFor();
    await desk.getByRole('button', { name: 'Import roster.csv' }).click();
    await desk.getByText('Roster imported').waitFor();
    expect(await desk.getByTestId('roster-summary').last().textContent()).toContain('Added1');
  });

  it('sets what the station requires, adds a supervisor and creates an enrollment code', async () => {
    await adminPage('Requirements');
    await desk.getByText('No requirements are set yet').waitFor();
    await desk.locator('select[name="owner-station"]').selectOption(`${SITE.id}/${STATION.id}`);
    await desk.locator('label.check-field', { hasText: `(${REQUIRED_LESSON},` }).locator('input').check();
    await desk.getByTestId('requirement-steps').getByText(`(${REQUIRED_LESSON})`).waitFor();
    await desk.locator('input[name="recert-days"]').fill('365');
    await desk.getByRole('button', { name: 'Save requirements' }).click();
    await desk.getByTestId('requirements-list').getByText(`Station ${SITE.id} / ${STATION.id}: ${REQUIRED_LESSON} (recertify every 365 days)`).waitFor();

    await adminPage('Users');
    // The form's fields by name: the users table below has inputs labelled "Sites of ..." and "New password for ...".
    await desk.locator('input[name="email"]').fill(SUPERVISOR.email);
    await desk.locator('input[name="name"]').fill(SUPERVISOR.name);
    await desk.locator('input[name="sites"]').fill(SITE.id);
    await desk.locator('input[name="password"]').fill(SUPERVISOR.password);
    await desk.getByRole('button', { name: 'Create user' }).click();
    await desk.getByTestId(`user-${SUPERVISOR.email}`).waitFor();

    await adminPage('Enrollment codes');
    await desk.getByRole('button', { name: 'Create code' }).click();
    code = (await desk.getByTestId('code').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await desk.locator('img.qr').waitFor();
  }, 180_000);

  it('a kiosk enrolls with the code; the worker sees "Required for Packing 2" and plays the lesson', async () => {
    kiosk = await startKiosk({ config: { site: SITE, station: STATION, server: { url: server.url, enrollmentCode: code, syncIntervalSeconds: 5 }, demo: false } });
    await kioskPage.goto(kiosk.url);
    await kioskPage.waitForFunction(() => document.querySelector('[data-testid="sync-state"]')?.textContent === 'Synced just now', undefined, { timeout: 60_000 });
    await tapBadge(kioskPage, WORKER.badge);
    await kioskPage.getByTestId('greeting').waitFor();
    expect(await kioskPage.locator('[data-testid="next-lesson"] .reason').textContent()).toBe(`Required for ${STATION.name}`);
    await kioskPage.getByTestId('start-lesson').click();
    await kioskPage.getByTestId('lesson-player').waitFor();
    for (const [i, card] of lesson.cards.entries()) {
      await kioskPage.waitForFunction((at) => document.querySelector('[data-testid="card-index"]')?.textContent?.match(/\d+/)?.[0] === String(at), i + 1);
      if (card.kind === 'check') {
        for (const o of (card as CheckCard).options.filter((x) => x.correct)) await kioskPage.getByTestId(`check-option-${o.id}`).click();
        if ((card as CheckCard).mode === 'multiple') await kioskPage.getByTestId('check-answer').click();
        await kioskPage.locator('[data-testid="check-feedback"][data-correct="true"]').waitFor();
      }
      if (i < lesson.cards.length - 1) await kioskPage.getByTestId('next-card').click();
    }
    await kioskPage.getByTestId('complete-lesson').click();
    await kioskPage.getByTestId('done-screen').waitFor();
    await kioskPage.getByTestId('finish').click();
  }, 180_000);

  it('the dashboard shows the completion in the skill matrix and the terminal in the fleet view', async () => {
    await expect
      .poll(
        async () => {
          await desk.goto(`${server.url}/dashboard/?view=matrix&site=${SITE.id}`);
          const row = desk.locator('#main table.matrix tbody tr', { has: desk.locator('th', { hasText: WORKER.employeeId }) });
          await row.waitFor();
          return row.locator('td').first().getAttribute('class');
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe('cell-done');
    await desk.goto(`${server.url}/dashboard/?view=terminals`);
    await desk.locator('tr[data-testid^="terminal-"]').first().waitFor();
    expect(await desk.locator('tr[data-testid^="terminal-"]').first().textContent()).toContain(`${SITE.id} / ${STATION.id}`);
  }, 180_000);
});
