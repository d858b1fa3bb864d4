import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations, tapBadge } from './harness';
import { useKioskBrowser } from './kiosk-browser';

/**
 * axe-core injected into the real kiosk pages: no serious or critical violations on the screens a
 * worker and a supervisor meet.
 */

const kiosks = useKioskBrowser();

async function openKiosk(): Promise<Page> {
  // The kiosk's CSP forbids injected scripts, axe's included; only this test context is let off.
  return (await kiosks.openKiosk({ bypassCSP: true })).page;
}

describe('accessibility (axe-core)', () => {
  it('attract screen, lesson player, supervisor PIN pad and station board have no serious or critical violations', async () => {
    const page = await openKiosk();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await tapBadge(page, '1001');
    await page.getByTestId('start-lesson').click();
    await page.getByTestId('lesson-player').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await tapBadge(page, '1006');
    await page.getByTestId('pin-pad').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    for (const digit of '2468') await page.getByTestId(`pin-key-${digit}`).click();
    await page.getByTestId('pin-submit').click();
    await page.getByTestId('board-summary').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('board-worker-demo-jordan-lee').click();
    await page.getByTestId('worker-detail').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('the diagnostics screen has no serious or critical violations', async () => {
    const page = await openKiosk();
    await page.keyboard.press('Control+Alt+Shift+KeyD');
    await page.getByTestId('pin-pad').waitFor();
    for (const digit of '0000') await page.getByTestId(`pin-key-${digit}`).click();
    await page.getByTestId('pin-submit').click();
    await page.getByTestId('diag-events').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('does report a violation when there is one (axe really ran on the page)', async () => {
    const page = await openKiosk();
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main')!.appendChild(img);
    });
    expect((await seriousAxeViolations(page)).join('\n')).toMatch(/critical image-alt/);
  });
});
