import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckCard } from '../../common/contracts/lesson';
import { demoLessons } from '../../electron/core/demo/demo-lessons';
import { launchChromium, scanBadge, startKiosk, type RunningKiosk } from './harness';

/**
 * Learning paths as a worker meets them: the real web host with the demo seed (requirements and a
 * little history dated from today), the built renderer in Chromium, badges typed like a wedge scanner.
 */

/**
 * Wide key gap: Playwright's keys can arrive ~100 ms apart on a busy 2-core machine. No double-read
 * debounce: a fast test taps the same badge again within the default 1.5 s window.
 */
const DEMO_CONFIG = {
  site: { id: 'plant-2', name: 'Plant 2' },
  station: { id: 'press-line-4', name: 'Press line 4' },
  demo: true,
  reader: { mode: 'wedge', maxInterKeyMs: 200 },
  badge: { debounceMs: 0 },
};

/** The answer key, by question text: the worker in these tests knows the material. */
const rightOptions = new Map(
  demoLessons(() => '0'.repeat(64))
    .flatMap((l) => l.cards)
    .filter((c): c is CheckCard => c.kind === 'check')
    .map((c) => [c.question, c.options.filter((o) => o.correct).map((o) => o.id)]),
);

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
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  running.push({ kiosk, context });
  const page = await context.newPage();
  await page.goto(kiosk.url);
  await page.getByTestId('attract-screen').waitFor();
  return page;
}

/** Answers the check on screen right the first time. */
async function answerCheck(page: Page): Promise<void> {
  const question = (await page.locator('.card-check .question').textContent()) ?? '';
  const right = rightOptions.get(question);
  if (!right) throw new Error(`no answer key for the question "${question}"`);
  for (const id of right) await page.getByTestId(`check-option-${id}`).click();
  const check = page.getByTestId('check-answer');
  if (await check.count()) await check.click();
  await page.locator('[data-testid="check-feedback"][data-correct="true"]').waitFor();
}

/** Plays the lesson on screen to the end, answering every check right. */
async function playLesson(page: Page): Promise<void> {
  await page.getByTestId('lesson-player').waitFor();
  for (;;) {
    if ((await page.getByTestId('lesson-card').getAttribute('data-card-kind')) === 'check') await answerCheck(page);
    const done = page.getByTestId('complete-lesson');
    if (await done.count()) {
      await done.click();
      return;
    }
    const before = await page.getByTestId('card-index').textContent();
    await page.getByTestId('next-card').click();
    await page.waitForFunction((text) => document.querySelector('[data-testid="card-index"]')?.textContent !== text, before);
  }
}

const nextTitle = (page: Page) => page.locator('#next-lesson-title').textContent();
const nextReason = (page: Page) => page.locator('[data-testid="next-lesson"] .reason').textContent();

describe('learning paths in the kiosk (Chromium)', () => {
  it('Alex taps, reads why, completes the lesson, taps again and the next item moves up', async () => {
    const page = await openKiosk();
    await scanBadge(page, '1001');
    await page.getByTestId('greeting').waitFor();
    expect(await nextTitle(page)).toBe('Lockout basics');
    expect(await nextReason(page)).toBe('Required for Press line 4 - step 1 of 2');
    expect(await page.getByTestId('alternative-press-pinch-points').textContent()).toContain('Required for Press line 4 - step 2 of 2');

    await page.getByTestId('start-lesson').click();
    await playLesson(page);
    await page.getByTestId('done-screen').waitFor();

    await scanBadge(page, '1001');
    await page.getByTestId('greeting').waitFor();
    expect(await nextTitle(page)).toBe('Press line pinch points');
    expect(await nextReason(page)).toBe('Required for Press line 4 - step 2 of 2');
    expect(await page.getByTestId('alternative-lockout-basics').count()).toBe(0);
  });

  it('Lucía reads her reason in Spanish', async () => {
    const page = await openKiosk();
    await scanBadge(page, '1002');
    await page.getByTestId('greeting').waitFor();
    expect(await page.getByTestId('greeting').textContent()).toBe('Hola Lucía');
    expect(await nextReason(page)).toBe('Obligatorio para Press line 4 - paso 1 de 2');
    expect(await page.getByTestId('alternative-press-pinch-points').textContent()).toContain('Puntos de atrapamiento en la prensa');
  });

  it('Sam is offered a review of the question he missed, plays it and the review is done', async () => {
    const page = await openKiosk();
    await scanBadge(page, '1003');
    await page.getByTestId('greeting').waitFor();
    expect(await page.getByTestId('review-reason').textContent()).toBe('Review: you missed 1 question on Oil and coolant spills 3 days ago');

    await page.getByTestId('start-review').click();
    await page.getByTestId('review-player').waitFor();
    expect(await page.getByTestId('review-lesson').textContent()).toBe('Oil and coolant spills');
    for (;;) {
      await answerCheck(page);
      const done = page.getByTestId('complete-review');
      if (await done.count()) {
        await done.click();
        break;
      }
      const before = await page.getByTestId('review-index').textContent();
      await page.getByTestId('next-card').click();
      await page.waitForFunction((text) => document.querySelector('[data-testid="review-index"]')?.textContent !== text, before);
    }
    await page.getByTestId('done-screen').waitFor();
    expect(await page.locator('[data-testid="done-screen"] h1').textContent()).toBe('Review complete');
    expect(await page.getByTestId('done-score').textContent()).toBe('You scored 100%');
  });
});
