import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, scanBadge, startKiosk, type RunningKiosk } from './harness';

/**
 * axe-core injected into the real kiosk pages: no serious or critical violations on the screens a
 * worker and a supervisor meet.
 */

const axePath = createRequire(__filename).resolve('axe-core/axe.min.js');
const DEMO_CONFIG = {
  site: { id: 'plant-2', name: 'Plant 2' },
  station: { id: 'press-line-4', name: 'Press line 4' },
  demo: true,
  reader: { mode: 'wedge', maxInterKeyMs: 200 },
};

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let browser: Browser;
const running: { kiosk: RunningKiosk; context: BrowserContext }[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  for (const { kiosk, context } of running.splice(0)) {
    await context.close();
    await kiosk.stop();
    fs.rmSync(kiosk.dataDir, { recursive: true, force: true });
  }
});
afterAll(async () => {
  await browser?.close();
});

async function openKiosk(): Promise<Page> {
  const kiosk = await startKiosk({ config: DEMO_CONFIG });
  // The kiosk's CSP forbids injected scripts, axe's included; only this test context is let off.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  running.push({ kiosk, context });
  const page = await context.newPage();
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').waitFor();
  return page;
}

/** Serious and critical violations on the page as it is now, described so a failure says what to fix. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility (axe-core)', () => {
  it('attract screen, lesson player, supervisor PIN pad and station board have no serious or critical violations', async () => {
    const page = await openKiosk();
    expect(await seriousViolations(page)).toEqual([]);

    await scanBadge(page, '1001');
    await page.getByTestId('start-lesson').click();
    await page.getByTestId('lesson-player').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await scanBadge(page, '1006');
    await page.getByTestId('pin-pad').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    for (const digit of '2468') await page.getByTestId(`pin-key-${digit}`).click();
    await page.getByTestId('pin-submit').click();
    await page.getByTestId('board-summary').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('board-worker-demo-jordan-lee').click();
    await page.getByTestId('worker-detail').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the diagnostics screen has no serious or critical violations', async () => {
    const page = await openKiosk();
    await page.keyboard.press('Control+Alt+Shift+KeyD');
    await page.getByTestId('pin-pad').waitFor();
    for (const digit of '0000') await page.getByTestId(`pin-key-${digit}`).click();
    await page.getByTestId('pin-submit').click();
    await page.getByTestId('diag-events').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('does report a violation when there is one (axe really ran on the page)', async () => {
    const page = await openKiosk();
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main')!.appendChild(img);
    });
    expect((await seriousViolations(page)).join('\n')).toMatch(/critical image-alt/);
  });
});
