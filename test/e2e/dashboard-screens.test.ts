import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { navGroupsFor, viewTitles, type View } from '../../renderer/dashboard/query';
import { ADMIN, PASSWORD, seriousAxeViolations, startDashboardServer, SUPERVISOR_A, type DashboardServer } from './dashboard-fixture';
import { launchChromium } from './harness';
import { layoutProblems } from './layout-check';

/**
 * Every dashboard page at the sizes a desk, a laptop, a wall screen and a tablet on its side give it,
 * and at 150% zoom: nothing scrolls the page sideways, nothing is cut off, the page's heading is on
 * screen without scrolling, the nav takes at most a fifth of the height, and axe-core finds nothing
 * serious.
 * Shots go to test-artifacts/screens/dashboard-*.png for a person to look at.
 */

const SIZES: Array<{ name: string; width: number; height: number }> = [
  { name: '800x480', width: 800, height: 480 },
  { name: '1280x800', width: 1280, height: 800 },
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1080x1920', width: 1080, height: 1920 },
  { name: '768x1024', width: 768, height: 1024 },
  // 150% zoom lays out like a CSS viewport 1.5 times smaller.
  { name: '1280x800@150', width: 853, height: 533 },
];
const AXE_AT = new Set(['800x480', '1920x1080']);
const OUT_DIR = path.resolve(__dirname, '../../test-artifacts/screens');

let server: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync('dist/renderer/dashboard.html')) throw new Error('dist/renderer/dashboard.html is missing: run "npx vite build" first');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  [server, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${server.url}/dashboard/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** Opens a page through the nav (as a person would, at the current size) and waits for its data. */
async function open(page: Page, view: View): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard views' }).getByRole('link', { name: viewTitles[view], exact: true }).click();
  await page.getByRole('heading', { level: 1, name: viewTitles[view] }).waitFor();
  await page.locator('[role="status"]', { hasText: /^Loading/ }).first().waitFor({ state: 'detached' });
}

async function checkEverySize(page: Page, who: string, views: View[]): Promise<string[]> {
  const failures: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const view of views) {
      await open(page, view);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: path.join(OUT_DIR, `dashboard-${who}-${view}-${size.name}.png`) });
      for (const p of await layoutProblems(page, { mustBeVisible: ['main h1', '.views-nav [aria-current="page"]'], minTarget: 0, pageScrolls: true })) {
        failures.push(`${who} ${view} ${size.name}: ${p.what}: ${p.text}`);
      }
      // Fourteen links once wrapped into four rows and took half of an 800x480 screen.
      const navHeight = await page.getByRole('navigation', { name: 'Dashboard views' }).evaluate((nav) => nav.getBoundingClientRect().height);
      if (navHeight > size.height * 0.2) failures.push(`${who} ${view} ${size.name}: the nav takes ${Math.round(navHeight)} px of ${size.height}`);
      if (AXE_AT.has(size.name)) {
        for (const v of await seriousAxeViolations(page)) failures.push(`${who} ${view} ${size.name}: axe ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
  }
  return failures;
}

describe('dashboard pages at every size', { timeout: 600_000 }, () => {
  it('an admin reaches every page through the nav at every size, and none is clipped, pushed off screen or scrolls sideways', async () => {
    const page = await signedIn(ADMIN.email);
    const views = navGroupsFor('admin').flatMap((g) => g.views);
    expect(views).toHaveLength(Object.keys(viewTitles).length);
    expect(await checkEverySize(page, 'admin', views)).toEqual([]);
  });

  it("a supervisor's pages hold at every size too, and the admin pages are not offered", async () => {
    const page = await signedIn(SUPERVISOR_A.email);
    const nav = page.getByRole('navigation', { name: 'Dashboard views' });
    await expect(nav.getByRole('link', { name: 'Manage sites' }).count()).resolves.toBe(0);
    expect(await checkEverySize(page, 'supervisor', navGroupsFor('supervisor').flatMap((g) => g.views))).toEqual([]);
  });
});
