import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CheckCard } from '../../common/contracts/lesson';
import { demoLessons } from '../../electron/core/demo/demo-lessons';
import { E2E_TERMINAL_CONFIG, tapBadge } from './harness';
import { useKioskBrowser } from './kiosk-browser';

/**
 * Learning paths as a worker meets them: the real web host with the demo seed (requirements and a
 * little history dated from today), the built renderer in Chromium, badges typed like a wedge scanner.
 */


/** The answer key, by question text: the worker in these tests knows the material. */
const rightOptions = new Map(
  demoLessons(() => '0'.repeat(64))
    .flatMap((l) => l.cards)
    .filter((c): c is CheckCard => c.kind === 'check')
    .map((c) => [c.question, c.options.filter((o) => o.correct).map((o) => o.id)]),
);

const kiosks = useKioskBrowser();

async function openKiosk(): Promise<Page> {
  return (await kiosks.openKiosk({ config: E2E_TERMINAL_CONFIG })).page;
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

/**
 * Goes card by card to the end of the player on screen, calling `onCard` on each, then presses the
 * `finish` button; `counter` is the player's "card n of m" element, which changes on every step.
 */
async function playToEnd(page: Page, ids: { counter: string; finish: string }, onCard: () => Promise<void>): Promise<void> {
  for (;;) {
    await onCard();
    const done = page.getByTestId(ids.finish);
    if (await done.count()) {
      await done.click();
      return;
    }
    const before = await page.getByTestId(ids.counter).textContent();
    await page.getByTestId('next-card').click();
    await page.waitForFunction(
      ({ counter, text }) => document.querySelector(`[data-testid="${counter}"]`)?.textContent !== text,
      { counter: ids.counter, text: before },
    );
  }
}

/** Plays the lesson on screen to the end, answering every check right. */
async function playLesson(page: Page): Promise<void> {
  await page.getByTestId('lesson-player').waitFor();
  await playToEnd(page, { counter: 'card-index', finish: 'complete-lesson' }, async () => {
    if ((await page.getByTestId('lesson-card').getAttribute('data-card-kind')) === 'check') await answerCheck(page);
  });
}

const nextTitle = (page: Page) => page.locator('#next-lesson-title').textContent();
const nextReason = (page: Page) => page.locator('[data-testid="next-lesson"] .reason').textContent();

describe('learning paths in the kiosk (Chromium)', () => {
  it('Alex taps, reads why, completes the lesson, taps again and the next item moves up', async () => {
    const page = await openKiosk();
    await tapBadge(page, '1001');
    await page.getByTestId('greeting').waitFor();
    expect(await nextTitle(page)).toBe('Lockout basics');
    expect(await nextReason(page)).toBe('Required for Press line 4 - step 1 of 2');
    expect(await page.getByTestId('alternative-press-pinch-points').textContent()).toContain('Required for Press line 4 - step 2 of 2');

    await page.getByTestId('start-lesson').click();
    await playLesson(page);
    await page.getByTestId('done-screen').waitFor();

    await tapBadge(page, '1001');
    await page.getByTestId('greeting').waitFor();
    expect(await nextTitle(page)).toBe('Press line pinch points');
    expect(await nextReason(page)).toBe('Required for Press line 4 - step 2 of 2');
    expect(await page.getByTestId('alternative-lockout-basics').count()).toBe(0);
  });

  it('Lucía reads her reason in Spanish', async () => {
    const page = await openKiosk();
    await tapBadge(page, '1002');
    await page.getByTestId('greeting').waitFor();
    expect(await page.getByTestId('greeting').textContent()).toBe('Hola Lucía');
    expect(await nextReason(page)).toBe('Obligatorio para Línea de prensas 4 - paso 1 de 2');
    expect(await page.getByTestId('alternative-press-pinch-points').textContent()).toContain('Puntos de atrapamiento en la prensa');
  });

  it('Sam is offered a review of the question he missed, plays it and the review is done', async () => {
    const page = await openKiosk();
    await tapBadge(page, '1003');
    await page.getByTestId('greeting').waitFor();
    expect(await page.getByTestId('review-reason').textContent()).toBe('Review: you missed 1 question on Oil and coolant spills 3 days ago');

    await page.getByTestId('start-review').click();
    await page.getByTestId('review-player').waitFor();
    expect(await page.getByTestId('review-lesson').textContent()).toBe('Oil and coolant spills');
    await playToEnd(page, { counter: 'review-index', finish: 'complete-review' }, () => answerCheck(page));
    await page.getByTestId('done-screen').waitFor();
    expect(await page.locator('[data-testid="done-screen"] h1').textContent()).toBe('Review complete');
    expect(await page.getByTestId('done-score').textContent()).toBe('You scored 100%');
  });
});
