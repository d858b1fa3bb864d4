import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Card, CheckCard, Lesson } from '../../common/contracts/lesson';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_TERMINAL_CONFIG, pressKeys, readDb, tapBadge, type RunningKiosk } from './harness';
import { useKioskBrowser, type OpenedKiosk, type OpenKioskOptions } from './kiosk-browser';

/**
 * The kiosk slice as a worker meets it: the real web host CLI with a fresh data dir, the built
 * renderer in headless Debian Chromium, badges typed the way a keyboard-wedge scanner types them,
 * and the SQLite file read afterwards to see what was really stored.
 */

const ALEX = { badge: '1001', workerId: 'demo-alex-morgan' };
const SAM_BADGE = '1003';
const LUCIA_BADGE = '1002';

const kiosks = useKioskBrowser();

const openKiosk = (opts: OpenKioskOptions = {}): Promise<OpenedKiosk> => kiosks.openKiosk(opts);

const attract = (page: Page) => page.getByTestId('attract-screen');
const greeting = (page: Page) => page.getByTestId('greeting');
const cardIndex = (page: Page) => page.getByTestId('card-index');

async function expectAttract(page: Page): Promise<void> {
  await attract(page).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tap your badge to start');
}

/**
 * Scans a badge and waits for the greeting; on failure says what the screen and the event log show
 * (a split burst, for one, lands there as an unknown badge or a rejected burst).
 */
async function signIn(kiosk: RunningKiosk, page: Page, badge: string, expected: string): Promise<void> {
  await tapBadge(page, badge);
  try {
    await expect.poll(() => greeting(page).textContent({ timeout: 2000 }).catch(() => null), { timeout: 15_000 }).toBe(expected);
  } catch (err) {
    const screen = await page.locator('body').innerText();
    const events = readDb(kiosk, (db) => db.prepare('SELECT kind, detail FROM events ORDER BY id DESC LIMIT 5').all());
    throw new Error(`badge ${badge} did not show "${expected}". Screen: ${screen.slice(0, 300)}\nLatest events: ${JSON.stringify(events)}`, { cause: err });
  }
}

/** Horizontal scrolling on a kiosk means part of the screen is out of reach for the worker. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The lesson the greeting offers, as stored (the test must know which options are right). */
async function offeredLesson(kiosk: RunningKiosk, page: Page, language: string): Promise<Lesson> {
  const title = await page.getByTestId('next-lesson').locator('h2').textContent();
  const json = readDb(kiosk, (db) => db.prepare('SELECT json FROM lessons WHERE title = ? AND language = ?').pluck().get(title, language) as string | undefined);
  if (!json) throw new Error(`the greeting offers "${title}", which is not a ${language} lesson in the store`);
  return JSON.parse(json) as Lesson;
}

const isCheck = (card: Card): card is CheckCard => card.kind === 'check';
const rightOptions = (card: CheckCard) => card.options.filter((o) => o.correct).map((o) => o.id);
const wrongOption = (card: CheckCard) => card.options.find((o) => !o.correct)!.id;

/** Answers a check on screen; returns once its feedback says right or wrong. Multiple choice starts from nothing selected. */
async function answerCheck(page: Page, card: CheckCard, chosen: string[], previouslySelected: string[] = []): Promise<void> {
  if (card.mode === 'multiple') {
    for (const id of new Set([...previouslySelected, ...chosen])) {
      if (previouslySelected.includes(id) !== chosen.includes(id)) await page.getByTestId(`check-option-${id}`).click();
    }
    await page.getByTestId('check-answer').click();
  } else {
    await page.getByTestId(`check-option-${chosen[0]}`).click();
  }
}

async function expectFeedback(page: Page, correct: boolean): Promise<void> {
  const feedback = page.getByTestId('check-feedback');
  await expect.poll(() => feedback.getAttribute('data-correct')).toBe(String(correct));
  expect(await feedback.isVisible()).toBe(true);
}

/** Moves from card `from` (1-based) to the next one, answering a check on the way right the first time. */
async function nextCard(page: Page, lesson: Lesson, from: number): Promise<void> {
  const card = lesson.cards[from - 1];
  if (isCheck(card) && (await page.getByTestId('check-feedback').count()) === 0) {
    await answerCheck(page, card, rightOptions(card));
    await expectFeedback(page, true);
  }
  await page.getByTestId('next-card').click();
  await expect.poll(() => cardIndex(page).textContent()).toBe(`Card ${from + 1} of ${lesson.cards.length}`);
}

describe('kiosk slice in Chromium', () => {
  it('takes Alex from badge tap through a lesson to a stored, queued completion and back to the attract screen', async () => {
    const { kiosk, page } = await openKiosk();
    await expectAttract(page);

    await signIn(kiosk, page, ALEX.badge, 'Hi Alex');
    const lesson = await offeredLesson(kiosk, page, 'en');
    const checks = lesson.cards.filter(isCheck);
    expect(checks.length, `the demo lesson "${lesson.id}" needs a knowledge check for this test`).toBeGreaterThan(0);

    await page.getByTestId('start-lesson').click();
    const total = lesson.cards.length;
    for (let n = 1; n <= total; n++) {
      await expect.poll(() => cardIndex(page).textContent()).toBe(`Card ${n} of ${total}`);
      const card = lesson.cards[n - 1];
      if (isCheck(card)) {
        if (card === checks[0]) {
          // The first check: wrong, then right, with feedback each time.
          const wrong = [wrongOption(card)];
          await answerCheck(page, card, wrong);
          await expectFeedback(page, false);
          expect(await page.getByTestId('check-feedback').textContent()).toContain('Not quite');
          await answerCheck(page, card, rightOptions(card), wrong);
          await expectFeedback(page, true);
          expect(await page.getByTestId('check-feedback').textContent()).toContain('Correct');
        } else {
          await answerCheck(page, card, rightOptions(card));
          await expectFeedback(page, true);
        }
      }
      if (n < total) await page.getByTestId('next-card').click();
    }

    const expectedScore = (checks.length - 1) / checks.length;
    await page.getByTestId('complete-lesson').click();
    await page.getByTestId('done-screen').waitFor();
    expect(await page.getByTestId('done-score').textContent()).toBe(`You scored ${Math.round(expectedScore * 100)}%`);
    await page.getByTestId('finish').click();
    await expectAttract(page);

    const stored = readDb(kiosk, (db) => ({
      completions: db
        .prepare('SELECT id, lesson_id, score, duration_ms FROM completions WHERE worker_id = ?')
        .all(ALEX.workerId) as { id: string; lesson_id: string; score: number; duration_ms: number }[],
      items: db.prepare('SELECT item_id, correct FROM item_results WHERE worker_id = ?').all(ALEX.workerId) as { item_id: string; correct: number }[],
      queued: db.prepare('SELECT count(*) FROM outbox WHERE statement_id IN (SELECT id FROM completions WHERE worker_id = ?)').pluck().get(ALEX.workerId),
      progress: db.prepare('SELECT count(*) FROM progress WHERE worker_id = ?').pluck().get(ALEX.workerId),
    }));
    expect(stored.completions).toHaveLength(1);
    const [completion] = stored.completions;
    expect(completion.lesson_id).toBe(lesson.id);
    // Only the first answer counts, so the check answered wrong first keeps the score below 1.
    expect(completion.score).toBeCloseTo(expectedScore, 6);
    expect(completion.score).toBeLessThan(1);
    expect(completion.duration_ms).toBeGreaterThan(0);
    expect(new Map(stored.items.map((i) => [i.item_id, i.correct]))).toEqual(new Map(checks.map((c, i) => [c.itemId, i === 0 ? 0 : 1])));
    // Queued for the server in the same transaction.
    expect(stored.queued).toBe(1);
    expect(stored.progress).toBe(0);
  });

  it('keeps scanner keystrokes out of the page', async () => {
    const { kiosk, page } = await openKiosk();
    await expectAttract(page);
    // A listener of the page's own (bubble phase, after the kiosk's capture listener) sees what the page would see.
    await page.evaluate(() => {
      const w = window as unknown as { seenKeys: string[] };
      w.seenKeys = [];
      document.addEventListener('keydown', (e) => w.seenKeys.push(e.key));
    });
    const urlBefore = page.url();

    await signIn(kiosk, page, ALEX.badge, 'Hi Alex');

    expect(await page.evaluate(() => (window as unknown as { seenKeys: string[] }).seenKeys)).toEqual([]);
    expect(page.url()).toBe(urlBefore);
    // The burst's Enter did not press the focused Start button either.
    expect(await page.getByTestId('start-lesson').isVisible()).toBe(true);
  });

  it('tells a worker with an unknown badge to ask their supervisor, and logs it', async () => {
    const { kiosk, page } = await openKiosk();
    await expectAttract(page);
    await tapBadge(page, '9999');
    await expect.poll(() => page.getByTestId('notice').textContent()).toBe(
      "We don't recognise this badge yet. Please ask your supervisor to register it.",
    );
    expect(await attract(page).isVisible()).toBe(true);
    const events = readDb(kiosk, (db) => db.prepare("SELECT detail FROM events WHERE kind = 'unknown-badge'").pluck().all() as string[]);
    expect(events).toHaveLength(1);
    expect(events[0]).not.toContain('9999');
  });

  it('issue 12 item 9: after 5 unknown badges the terminal says to wait, ignores even a known badge, and logs a throttling event for the server', async () => {
    const { kiosk, page } = await openKiosk();
    await expectAttract(page);
    for (const badge of ['90001', '90002', '90003', '90004', '90005']) await tapBadge(page, badge);
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/^Too many unknown badges - wait \d+ s$/);
    await tapBadge(page, ALEX.badge);
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/^Too many unknown badges - wait \d+ s$/);
    expect(await attract(page).isVisible()).toBe(true);
    expect(await greeting(page).count()).toBe(0);
    const queued = readDb(kiosk, (db) => db.prepare('SELECT kind FROM security_event_outbox').pluck().all() as string[]);
    expect(queued).toEqual(['unknown-badges-throttled']);
  });

  it('signs an idle worker out and returns to the attract screen', async () => {
    const { kiosk, page } = await openKiosk({ config: { ...E2E_TERMINAL_CONFIG, idleTimeoutSeconds: 10 } });
    await expectAttract(page);
    await signIn(kiosk, page, ALEX.badge, 'Hi Alex');
    // Nobody touches the screen: the configured 10 s pass and the core signs Alex out.
    await attract(page).waitFor({ timeout: 25_000 });
    expect(await page.getByTestId('notice').textContent()).toContain('Signed out because the screen was not used');
  });

  it('warns "Still there?" before the idle sign-out; the worker who taps in again is back at their card', async () => {
    const { kiosk, page } = await openKiosk({ config: { ...E2E_TERMINAL_CONFIG, idleTimeoutSeconds: 10 } });
    await expectAttract(page);
    await signIn(kiosk, page, ALEX.badge, 'Hi Alex');
    await page.getByTestId('start-lesson').click();
    await page.getByTestId('next-card').click();
    await expect.poll(() => cardIndex(page).textContent()).toMatch(/^Card 2 of/);
    // Nobody touches the screen: a third of the 10 s before the sign-out, the warning counts down.
    await page.getByTestId('idle-warning').waitFor({ timeout: 25_000 });
    expect(await page.getByTestId('idle-countdown').textContent()).toMatch(/^Signing you out in \d seconds?\./);
    await attract(page).waitFor({ timeout: 25_000 });
    expect(await page.getByTestId('idle-warning').count()).toBe(0);

    await tapBadge(page, ALEX.badge);
    await page.getByTestId('resumed').waitFor({ timeout: 15_000 });
    expect(await cardIndex(page).textContent()).toMatch(/^Card 2 of/);
    expect(await page.getByTestId('resumed').textContent()).toBe('Continue where you left off');
  });

  it('switches to the next worker mid-lesson and resumes the first one at the same card on his next tap', async () => {
    const { kiosk, page } = await openKiosk();
    await expectAttract(page);
    await signIn(kiosk, page, ALEX.badge, 'Hi Alex');
    const lesson = await offeredLesson(kiosk, page, 'en');
    expect(lesson.cards.length).toBeGreaterThanOrEqual(3);
    await page.getByTestId('start-lesson').click();
    await nextCard(page, lesson, 1);
    await nextCard(page, lesson, 2);
    await expect
      .poll(() => readDb(kiosk, (db) => db.prepare('SELECT card_index FROM progress WHERE worker_id = ? AND lesson_id = ?').pluck().get(ALEX.workerId, lesson.id)))
      .toBe(2);

    await signIn(kiosk, page, SAM_BADGE, 'Hi Sam');
    expect(await page.getByTestId('lesson-player').count()).toBe(0);

    // Within the resume window, Alex's tap takes him straight back to his card.
    await tapBadge(page, ALEX.badge);
    await page.getByTestId('resumed').waitFor({ timeout: 15_000 });
    await expect.poll(() => cardIndex(page).textContent()).toBe(`Card 3 of ${lesson.cards.length}`);
  });

  it('shows the error screen with the fix for a corrupt database and leaves the file untouched', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-e2e-corrupt-'));
    const garbage = Buffer.alloc(8192);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
    const dbFile = path.join(dataDir, 'shiftlearn.db');
    fs.writeFileSync(dbFile, garbage);

    const { page } = await openKiosk({ dataDir, startScreen: 'error-screen' });
    const screen = page.getByTestId('error-screen');
    await screen.waitFor();
    expect(await screen.locator('h1').textContent()).toBe('The local database is damaged');
    expect(await screen.locator('.error-fix').textContent()).toContain(`move ${dbFile}`);

    // A badge tap on the broken terminal changes nothing either.
    await tapBadge(page, ALEX.badge);
    expect(await screen.isVisible()).toBe(true);
    expect(fs.readFileSync(dbFile).equals(garbage)).toBe(true);
  });

  it('ignores an oversized burst, says the read failed and logs it', async () => {
    const { kiosk, page } = await openKiosk();
    await expectAttract(page);
    await pressKeys(page, [...'7'.repeat(300), 'Enter'], { gapMs: 2 });
    await expect.poll(() => page.getByTestId('notice').textContent()).toBe('Badge read failed - tap again');
    await expect
      .poll(() => readDb(kiosk, (db) => db.prepare("SELECT detail FROM events WHERE kind = 'renderer:badge-read-failed'").pluck().all()))
      .toContainEqual(expect.stringContaining('oversized'));
    expect(await attract(page).isVisible()).toBe(true);
    expect(await page.getByTestId('greeting').count()).toBe(0);
  });

  describe('a badge never presses a button (issue 10 repros 3 and 4)', () => {
    it('a re-tap during the greeting with slow keys (70 ms apart) never starts a lesson: with the default gap it is Sam\'s tap', async () => {
      const { kiosk, page } = await openKiosk();
      await signIn(kiosk, page, ALEX.badge, 'Hi Alex');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('start-lesson');
      await tapBadge(page, SAM_BADGE, { gapMs: 70 });
      await expect.poll(() => greeting(page).textContent()).toBe('Hi Sam');
      expect(await page.getByTestId('lesson-player').count()).toBe(0);
    });

    it('with a reader set to 50 ms, the same slow re-tap says "Badge read failed - tap again", is logged, and Start is not pressed', async () => {
      const { kiosk, page } = await openKiosk({ config: { ...E2E_TERMINAL_CONFIG, reader: { mode: 'wedge', maxInterKeyMs: 50 } } });
      await signIn(kiosk, page, ALEX.badge, 'Hi Alex');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('start-lesson');
      await tapBadge(page, SAM_BADGE, { gapMs: 70 });
      await expect.poll(() => page.getByTestId('notice').textContent()).toBe('Badge read failed - tap again');
      await expect
        .poll(() => readDb(kiosk, (db) => db.prepare("SELECT detail FROM events WHERE kind = 'renderer:badge-read-failed'").pluck().all()))
        .toEqual(['too-slow: 4-character read with a 70 ms gap between keys (longest allowed 50 ms)']);
      expect(await greeting(page).textContent()).toBe('Hi Alex');
      expect(await page.getByTestId('lesson-player').count()).toBe(0);
      // no unknown-badge notice for a split read either
      expect(readDb(kiosk, (db) => db.prepare("SELECT COUNT(*) FROM events WHERE kind = 'unknown-badge'").pluck().get())).toBe(0);
    });

    it('does not lose a tap in the first instant after the page loads, before the first snapshot arrives', async () => {
      let releaseSnapshots!: () => void;
      const snapshotsHeld = new Promise<void>((resolve) => (releaseSnapshots = resolve));
      const { page } = await openKiosk({
        startScreen: null,
        beforeLoad: async (p) => {
          await p.route('**/api/events**', async (route) => {
            await snapshotsHeld;
            await route.continue();
          });
        },
      });
      expect(await attract(page).count()).toBe(0);
      const tapped = page.waitForResponse('**/api/call/tapBadge');
      await tapBadge(page, ALEX.badge);
      expect(await (await tapped).json()).toMatchObject({ result: { outcome: 'signed-in' } });
      releaseSnapshots();
      await expect.poll(() => greeting(page).textContent()).toBe('Hi Alex');
    });
  });

  it('speaks Spanish to a Spanish-speaking worker, and "Tarjeta n de m" stays on one line at 800x480', async () => {
    const { kiosk, page } = await openKiosk({ viewport: { width: 800, height: 480 } });
    await expectAttract(page);
    await signIn(kiosk, page, LUCIA_BADGE, 'Hola Lucía');
    expect(await page.getByTestId('start-lesson').textContent()).toBe('Empezar');
    expect(await page.getByRole('button', { name: 'Salir' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.getByTestId('start-lesson').click();
    await expect.poll(() => cardIndex(page).textContent()).toMatch(/^Tarjeta 1 de \d+$/);
    const lines = await cardIndex(page).evaluate((el) => {
      const text = document.createRange();
      text.selectNodeContents(el);
      return new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
  });

  it('fits an 800x480 screen without horizontal scrolling', async () => {
    const { kiosk, page } = await openKiosk({ viewport: { width: 800, height: 480 } });
    await expectAttract(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await signIn(kiosk, page, ALEX.badge, 'Hi Alex');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    const lesson = await offeredLesson(kiosk, page, 'en');
    await page.getByTestId('start-lesson').click();
    await expect.poll(() => cardIndex(page).textContent()).toBe(`Card 1 of ${lesson.cards.length}`);
    for (let n = 1; n <= lesson.cards.length; n++) {
      expect(await horizontalOverflow(page), `card ${n} (${lesson.cards[n - 1].kind})`).toBeLessThanOrEqual(0);
      if (n < lesson.cards.length) await nextCard(page, lesson, n);
    }
  });
});
