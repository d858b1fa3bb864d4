import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardServer, type DashboardServer } from './dashboard-fixture';
import { launchChromium, startKiosk, type RunningKiosk } from './harness';

/**
 * What a page and the browser ask for when it opens must not fail: a failed request is an error in
 * the console of whoever opens it (site IT checking a terminal, a supervisor), and it hides the ones
 * that matter. The browser asks on its own for /favicon.ico unless the page names its tab icon, and
 * it does so outside the page's own requests, so the icon is checked as the page declares it: one the
 * browser loads under the page's CSP.
 */

let dashboard: DashboardServer;
let kiosk: RunningKiosk;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync('dist/renderer/dashboard.html')) throw new Error('dist/renderer/dashboard.html is missing: run "npx vite build" first');
  [dashboard, kiosk, browser] = await Promise.all([startDashboardServer(), startKiosk(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([dashboard?.close(), kiosk?.stop()]);
});

/**
 * Opens the URL and returns every request that failed until the page was ready, and how its tab
 * icon loads: 'none declared', or the size the browser decoded it at ('0x0' when it did not).
 */
async function opened(url: string, ready: (page: Page) => Promise<unknown>): Promise<{ failed: string[]; icon: string }> {
  const page = await browser.newPage();
  const failed: string[] = [];
  page.on('response', (res) => {
    if (res.status() >= 400) failed.push(`${res.status()} ${new URL(res.url()).pathname}`);
  });
  page.on('requestfailed', (req) => failed.push(`${req.failure()?.errorText} ${new URL(req.url()).pathname}`));
  await page.goto(url, { waitUntil: 'networkidle' });
  await ready(page);
  const icon = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    if (!link) return 'none declared';
    const img = new Image();
    img.src = link.href;
    await img.decode().catch(() => undefined);
    return `${img.naturalWidth}x${img.naturalHeight}`;
  });
  await page.close();
  return { failed, icon };
}

describe('opening a page', () => {
  it('the kiosk: nothing fails, and its tab icon loads', async () => {
    const page = await opened(kiosk.url, (p) => p.getByTestId('attract-screen').waitFor());
    expect(page).toEqual({ failed: [], icon: '32x32' });
  });

  it("the credential verification page an auditor opens: its tab icon loads under the page's CSP, and nothing fails but the page's own 404", async () => {
    const url = `${dashboard.url}/verify/urn:uuid:${randomUUID()}`;
    const page = await opened(url, (p) => p.getByRole('heading', { name: 'Credential verification' }).waitFor());
    // An unknown credential: the 404 is the page's own answer, not something it asked for.
    expect(page).toEqual({ failed: [`404 ${new URL(url).pathname}`], icon: '32x32' });
  });

  it('the dashboard, signed out: nothing fails (the session check answers 200), and its tab icon loads', async () => {
    const page = await opened(`${dashboard.url}/dashboard/`, (p) => p.getByRole('heading', { name: 'Sign in to the dashboard' }).waitFor());
    expect(page).toEqual({ failed: [], icon: '32x32' });
  });
});
