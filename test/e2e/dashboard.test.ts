import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OverdueResponse, SkillMatrixResponse } from '../../common/contracts/dashboard';
import { statusDisplay } from '../../renderer/dashboard/status';
import { parseCsv } from '../../server/roster/csv-parse';
import {
  ADMIN,
  PASSWORD,
  seriousAxeViolations,
  SITE_A,
  SITE_B,
  SITE_B_ONLY_TEXT,
  startDashboardServer,
  SUPERVISOR_A,
  WORKERS,
  type DashboardServer,
} from './dashboard-fixture';
import { launchChromium } from './harness';

/**
 * The central dashboard as a supervisor and an admin meet it: the built page served by the real
 * server (strict CSP on), signed in through the form, scoped to the user's sites.
 * Needs `npx vite build` first (dist/renderer/dashboard.html).
 */

let server: DashboardServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!fs.existsSync('dist/renderer/dashboard.html')) throw new Error('dist/renderer/dashboard.html is missing: run "npx vite build" first');
  [server, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser profile; any CSP violation on the page fails the test that caused it. */
async function openDashboard(query = ''): Promise<{ page: Page; cspErrors: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspErrors.push(msg.text());
  });
  await page.goto(`${server.url}/dashboard/${query}`);
  try {
    await page.getByRole('heading', { name: 'Sign in to the dashboard' }).waitFor({ timeout: 15_000 });
  } catch (error) {
    throw new Error(`no sign-in page; the page shows: ${await page.locator('body').innerText()}`, { cause: error });
  }
  return { page, cspErrors };
}

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signedIn(email: string, query = ''): Promise<{ page: Page; cspErrors: string[] }> {
  const opened = await openDashboard(query);
  await signIn(opened.page, email);
  await opened.page.getByRole('button', { name: 'Sign out' }).waitFor();
  return opened;
}

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard views' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.locator('[role="status"]', { hasText: /^Loading/ }).first().waitFor({ state: 'detached' });
}

const views = ['Sites and stations', 'Overdue and due soon', 'Recertification calendar', 'Skill matrix', 'Completions per week'];

/** What a table shows, cell by cell, as the reader sees it (status symbols are aria-hidden, so left out). */
async function tableText(page: Page, scope: string): Promise<string[][]> {
  return page.locator(`${scope} tbody tr`).evaluateAll((rows) =>
    rows.map((row) =>
      Array.from(row.children).map((cell) => {
        const copy = cell.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
        return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
      }),
    ),
  );
}

describe('dashboard sign-in', () => {
  it('refuses a wrong password with a clear message, then signs in with the right one', async () => {
    const { page, cspErrors } = await openDashboard();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await signIn(page, SUPERVISOR_A.email, 'not the password at all');
    const error = page.getByRole('alert');
    await expect.poll(() => error.textContent()).toMatch(/email or password is wrong/i);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await signIn(page, SUPERVISOR_A.email);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain(SUPERVISOR_A.name);
    expect(cspErrors).toEqual([]);
  });

  it('shows the lockout message after too many failures', async () => {
    const { page } = await openDashboard();
    const email = 'nobody-here@plant.test';
    for (let i = 0; i < 6; i++) {
      await signIn(page, email, `wrong guess ${i}`);
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':not([disabled])')).waitFor();
    }
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/too many failed logins.*try again in \d+ minute/i);
  });

  it('signs out back to the sign-in page, and the session no longer reads data', async () => {
    const { page } = await signedIn(ADMIN.email);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the dashboard' }).waitFor();
    expect(await page.getByRole('status').textContent()).toMatch(/signed out/i);
    expect(await page.evaluate(() => fetch('/api/v1/dashboard/overview').then((r) => r.status))).toBe(401);
  });
});

describe('supervisor of site A', () => {
  it('sees site A and nothing of site B on any view, and the page passes axe', async () => {
    const { page, cspErrors } = await signedIn(SUPERVISOR_A.email);
    const siteOptions = await page.getByLabel('Site').locator('option').allTextContents();
    expect(siteOptions).toEqual(['All my sites', SITE_A.name]);

    for (const view of views) {
      await openView(page, view);
      const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
      for (const forbidden of SITE_B_ONLY_TEXT) expect(text, `${view} shows "${forbidden}"`).not.toContain(forbidden);
      expect(await seriousAxeViolations(page), `axe on ${view}`).toEqual([]);
    }
    await openView(page, 'Sites and stations');
    expect(await page.getByRole('heading', { name: SITE_A.name }).count()).toBe(1);
    // Station, workers held to the station's requirements, completion, overdue, not passed, due soon, not started.
    expect(await tableText(page, '#main table')).toEqual([
      ['Loading dock A', '1', '0%', '0', '0', '0', '1'],
      ['Press line A', '3', '33%', '1', '1', '1', '0'],
    ]);
    expect(await page.locator('figure svg').count()).toBeGreaterThan(0);
    expect(cspErrors).toEqual([]);
  });

  it('gets 403 for site B from the API even when the page asks directly', async () => {
    const { page } = await signedIn(SUPERVISOR_A.email);
    const statuses = await page.evaluate(
      (site) =>
        Promise.all(
          ['overview', 'overdue', 'recert-calendar', 'skill-matrix', 'completions-per-week', 'overdue?format=csv&x=1'].map((endpoint) =>
            fetch(`/api/v1/dashboard/${endpoint}${endpoint.includes('?') ? '&' : '?'}site=${site}`).then((r) => r.status),
          ),
        ),
      SITE_B.id,
    );
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403]);
  });

  it('ignores a shared link naming site B: the view shows only site A', async () => {
    const { page } = await signedIn(SUPERVISOR_A.email, `?view=overdue&site=${SITE_B.id}`);
    await page.getByRole('heading', { level: 1, name: 'Overdue and due soon' }).waitFor();
    await page.locator('#main table').waitFor();
    expect(await page.getByLabel('Site').inputValue()).toBe('');
    expect(await page.locator('#main').innerText()).not.toContain(WORKERS.newB.displayName);
    expect(await page.locator('#main').innerText()).toContain(WORKERS.newA.displayName);
  });

  it('downloads the overdue list as a CSV holding the same rows as the table', async () => {
    const { page } = await signedIn(SUPERVISOR_A.email);
    await openView(page, 'Overdue and due soon');
    const shown = await tableText(page, '#main');
    expect(shown.length).toBeGreaterThan(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^shiftlearn-overdue-.*\.csv$/);
    const csv = parseCsv(fs.readFileSync(await download.path(), 'utf8')).map((r) => r.cells);
    const [header, ...rows] = csv;
    const col = (name: string) => header.indexOf(name);
    expect(rows.map((r) => [r[col('worker_name')], r[col('employee_id')], SITE_A.name, r[col('lesson_title')], statusDisplay[r[col('status')] as keyof typeof statusDisplay].label])).toEqual(
      shown.map((cells) => cells.slice(0, 5)),
    );
    expect(rows.every((r) => r[col('site_id')] === SITE_A.id)).toBe(true);

    const json = (await page.evaluate(() => fetch('/api/v1/dashboard/overdue').then((r) => r.json()))) as OverdueResponse;
    expect(json.rows.map((r) => r.status).sort()).toEqual(expect.arrayContaining(['overdue', 'never-started']));
  });

  it('shows each skill-matrix cell with a status word, matching the CSV cell for cell', async () => {
    const { page } = await signedIn(SUPERVISOR_A.email, '?view=matrix');
    await page.locator('#main table.matrix').waitFor();
    const shown = await tableText(page, '#main table.matrix');
    const href = await page.getByRole('link', { name: /Download CSV/ }).getAttribute('href');
    const csvText = await page.evaluate((url) => fetch(url!).then((r) => r.text()), href);
    const [, ...rows] = parseCsv(csvText).map((r) => r.cells);
    expect(rows.map(([id, name, ...statuses]) => [`${name} ${id}`, ...statuses.map((s) => statusDisplay[s as keyof typeof statusDisplay].label)])).toEqual(
      shown.map(([worker, ...cells]) => [worker, ...cells.map((c) => Object.values(statusDisplay).find((d) => c.startsWith(d.label))?.label ?? c)]),
    );
    const matrix = (await page.evaluate(() => fetch('/api/v1/dashboard/skill-matrix').then((r) => r.json()))) as SkillMatrixResponse;
    expect(matrix.workers.map((w) => w.employeeId).sort()).toEqual(['A100', 'A200', 'A300', 'A400']);
  });

  it('shows a failed attempt as "Not passed - retake" in the matrix and the overdue list, with a legend saying what that means', async () => {
    const { page, cspErrors } = await signedIn(SUPERVISOR_A.email, '?view=matrix');
    await page.locator('#main table.matrix').waitFor();
    const header = await page.locator('#main table.matrix thead th').allTextContents();
    const row = (await tableText(page, '#main table.matrix')).find((r) => r[0] === `${WORKERS.failedA.displayName} ${WORKERS.failedA.employeeId}`)!;
    // Worker, their one status, then a cell per lesson column.
    expect(row[1]).toBe('Not passed - retake');
    expect(row[header.indexOf('Lockout basics')]).toBe('Not passed - retake');
    expect(row[header.indexOf('Forklift daily check')]).toMatch(/^Done/);
    const legend = page.getByTestId('status-legend');
    expect(await legend.getByRole('heading').textContent()).toBe('What the statuses mean');
    expect((await legend.innerText()).replace(/\s+/g, ' ')).toContain('Not passed - retake a lesson was taken but not passed: it must be taken again');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await openView(page, 'Overdue and due soon');
    const rows = await tableText(page, '#main table');
    expect(rows.find((r) => r[0] === WORKERS.failedA.displayName)?.slice(3, 5)).toEqual(['Lockout basics', 'Not passed - retake']);
    expect(cspErrors).toEqual([]);
  });

  it('keeps filters in the URL: choosing a station narrows the view and survives a reload', async () => {
    const { page } = await signedIn(SUPERVISOR_A.email);
    await openView(page, 'Overdue and due soon');
    await page.getByLabel('Station').selectOption({ label: 'Loading dock A' });
    await expect.poll(() => new URL(page.url()).searchParams.get('station')).toBe('dock-a');
    await page.reload();
    await page.locator('#main table').waitFor();
    expect(await page.getByLabel('Station').inputValue()).toBe('dock-a');
    const workers = (await tableText(page, '#main')).map((r) => r[0]);
    expect(new Set(workers)).toEqual(new Set([WORKERS.newA.displayName]));
  });
});

describe('admin', () => {
  it('sees both sites', async () => {
    const { page } = await signedIn(ADMIN.email);
    expect(await page.getByLabel('Site').locator('option').allTextContents()).toEqual(['All sites', SITE_A.name, SITE_B.name]);
    await openView(page, 'Sites and stations');
    expect(await page.getByRole('heading', { name: SITE_A.name }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: SITE_B.name }).count()).toBe(1);
    // The matrix shows one site at a time and says so; choosing the other site shows its workers.
    await openView(page, 'Skill matrix');
    await page.locator('#main table.matrix').waitFor();
    expect(await page.getByTestId('matrix-scope').innerText()).toContain(SITE_A.name);
    let text = await page.locator('#main').innerText();
    for (const w of Object.values(WORKERS).filter((x) => x.siteId === SITE_A.id)) expect(text).toContain(w.displayName);
    await page.getByLabel('Site').selectOption({ label: SITE_B.name });
    await page.locator('#main table.matrix', { hasText: WORKERS.doneB.displayName }).waitFor();
    text = await page.locator('#main').innerText();
    for (const w of Object.values(WORKERS).filter((x) => x.siteId === SITE_B.id)) expect(text).toContain(w.displayName);
  });
});

describe('admin: audit log (issue 14)', () => {
  it('shows the admin action just done under its kind filter, with who, what and target, and no secret', async () => {
    const { page, cspErrors } = await signedIn(ADMIN.email);
    await openView(page, 'LRS keys');
    await page.getByLabel('Label').fill('Audit check key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('lrs-secret').locator('dd code').nth(1).innerText()).trim();
    expect(secret.length).toBeGreaterThan(10);

    await openView(page, 'Audit log');
    await page.getByLabel('Kind').selectOption({ label: 'Admin action' });
    const row = page.getByTestId('audit-table').locator('tbody tr', { hasText: 'lrs-key.create' }).first();
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(ADMIN.email);
    expect(text).toContain('label: Audit check key');
    expect(text).toContain('done 201');
    expect(await page.getByTestId('audit-table').locator('tbody tr:not([data-kind="admin-action"])').count()).toBe(0);
    expect(await page.locator('#main').innerText()).not.toContain(secret);
    expect(cspErrors).toEqual([]);
  });
});
