import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_TERMINAL_CONFIG, pressKeys, readDb, startKiosk, tapBadge } from './harness';
import { isCheck, lessonOnScreen, playFailingEveryCheck } from './lesson-play';
import { useKioskBrowser } from './kiosk-browser';

/**
 * Supervisor and site IT at the terminal, in Chromium against the real web host: the demo seed plus
 * completions written into the data dir between two starts, so the board has every status.
 */

const DAY = 86_400_000;

/** What the board must show for each demo worker at press line 4 after the seeded history below. */
const EXPECTED_BOARD: Record<string, string> = {
  'demo-alex-morgan': 'done', // all three required lessons passed 10 days ago
  'demo-lucia-fernandez': 'overdue', // lockout basics passed 400 days ago (365-day recertification)
  'demo-jordan-lee': 'due-soon', // demo seed: lockout basics 360 days ago; pinch points added here
  'demo-sam-patel': 'failed', // demo seed: one failed attempt, never passed
  'demo-dana-kowalski': 'never-started',
};

function seedHistory(dbPath: string): void {
  const db = new Database(dbPath);
  const add = db.prepare(
    `INSERT INTO completions (id, worker_id, lesson_id, lesson_version, language, score, passed, duration_ms, answers_json, started_at, completed_at, site_id, station_id)
     VALUES (?, ?, ?, 1, 'en', 1, 1, 60000, '[]', ?, ?, 'plant-2', 'press-line-4')`,
  );
  const done = (worker: string, lesson: string, daysAgo: number) => {
    const at = new Date(Date.now() - daysAgo * DAY).toISOString();
    add.run(crypto.randomUUID(), worker, lesson, at, at);
  };
  for (const lesson of ['press-pinch-points', 'lockout-basics', 'ppe-check']) done('demo-alex-morgan', lesson, 10);
  done('demo-lucia-fernandez', 'lockout-basics', 400);
  done('demo-lucia-fernandez', 'press-pinch-points', 30);
  done('demo-lucia-fernandez', 'ppe-check', 30);
  done('demo-jordan-lee', 'press-pinch-points', 5);
  db.close();
}

const { openKiosk } = useKioskBrowser();

/** A PIN check is a real scrypt hash in the core: on a loaded 2-core machine it can take seconds, not vitest's default 1 s. */
const PIN_CHECKED = { timeout: 15_000 };

async function clickPin(page: Page, pin: string, entry = 'pin-entry'): Promise<void> {
  const pad = page.getByTestId(entry);
  for (const digit of pin) await pad.getByTestId(`pin-key-${digit}`).click();
  await pad.getByTestId('pin-submit').click();
}

describe('supervisor at the terminal', () => {
  it('1006 -> PIN pad; wrong PIN says so; 2468 by keyboard -> board with the fixture statuses -> worker detail; next tap leaves', async () => {
    const first = await startKiosk({ config: E2E_TERMINAL_CONFIG });
    await first.stop();
    seedHistory(first.dbPath);
    const { page } = await openKiosk({ dataDir: first.dataDir });

    await tapBadge(page, '1006');
    await page.getByTestId('pin-pad').waitFor();
    await expect(page.getByTestId('pin-pad').textContent()).resolves.toContain('Dana Kowalski');
    await clickPin(page, '1357');
    await expect.poll(() => page.getByTestId('pin-error').textContent(), PIN_CHECKED).toBe('Wrong PIN. 4 tries left before a 5-minute lockout.');

    // Keyboard digits at a person's pace (400 ms apart by their timestamps), so the wedge capture hands them to the page.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await pressKeys(page, [...'2468', 'Enter'], { gapMs: 400 });
    await page.getByTestId('station-board').waitFor();

    for (const [workerId, status] of Object.entries(EXPECTED_BOARD)) {
      await expect(page.getByTestId(`board-row-${workerId}`).getAttribute('data-status')).resolves.toBe(status);
    }
    await expect(page.getByTestId('board-row-demo-mai-nguyen').count()).resolves.toBe(0);
    await expect(page.getByTestId('board-row-demo-lucia-fernandez').textContent()).resolves.toContain('Overdue');

    await page.getByTestId('board-worker-demo-lucia-fernandez').click();
    await page.getByTestId('worker-detail').waitFor();
    const lockout = page.getByTestId('detail-lesson-lockout-basics');
    await expect(lockout.textContent()).resolves.toMatch(/Overdue/);
    await expect(lockout.textContent()).resolves.toMatch(/100%/);
    await page.getByTestId('detail-back').click();
    await page.getByTestId('board-summary').waitFor();

    // E2E_TERMINAL_CONFIG has no double-read debounce: the same badge at once is a second tap
    await tapBadge(page, '1006');
    await page.getByTestId('attract-screen').waitFor();
  });

  it('5 wrong PINs lock the supervisor out for 5 minutes, also for the right PIN', async () => {
    const { page } = await openKiosk();
    await tapBadge(page, '1006');
    await page.getByTestId('pin-pad').waitFor();
    for (let i = 1; i <= 4; i++) {
      await clickPin(page, '9999');
      await expect.poll(() => page.getByTestId('pin-error').textContent(), PIN_CHECKED).toContain(`${5 - i} ${5 - i === 1 ? 'try' : 'tries'} left`);
    }
    await clickPin(page, '9999');
    await expect.poll(() => page.getByTestId('pin-error').textContent(), PIN_CHECKED).toMatch(/^Too many wrong PINs: locked until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
    await clickPin(page, '2468');
    await expect.poll(() => page.getByTestId('pin-error').textContent()).toMatch(/locked until/);
    await expect(page.getByTestId('station-board').count()).resolves.toBe(0);
  });

  it('issue 12 item 4: site IT unlocks the locked supervisor from diagnostics, and the right PIN then opens the board', async () => {
    const { page } = await openKiosk();
    await tapBadge(page, '1006');
    await page.getByTestId('pin-pad').waitFor();
    for (let i = 1; i <= 5; i++) {
      await clickPin(page, '9999');
      await expect.poll(() => page.getByTestId('pin-error').textContent(), PIN_CHECKED).toMatch(i < 5 ? /left/ : /locked until/);
    }
    await page.keyboard.press('Control+Alt+Shift+KeyD');
    await page.getByTestId('pin-pad').waitFor();
    await clickPin(page, '0000');
    const lockouts = page.getByTestId('diag-lockouts');
    await lockouts.waitFor(PIN_CHECKED);
    expect(await lockouts.getAttribute('data-count')).toBe('1');
    await expect(lockouts.textContent()).resolves.toContain('supervisor:demo-dana-kowalski: locked until');
    await page.getByTestId('diag-clear-lockouts').click();
    await expect.poll(() => page.getByTestId('diag-lockouts-outcome').textContent()).toBe('1 PIN pad unlocked.');
    await expect.poll(() => lockouts.getAttribute('data-count')).toBe('0');
    await page.getByTestId('staff-close').click();
    await page.getByTestId('attract-screen').waitFor();

    await tapBadge(page, '1006');
    await page.getByTestId('pin-pad').waitFor();
    await clickPin(page, '2468');
    await page.getByTestId('station-board').waitFor(PIN_CHECKED);
  });
});

describe('a failed attempt, everywhere', () => {
  it('every first answer wrong -> "Not passed yet" without a tick -> the board shows the worker and the lesson as not passed', async () => {
    const { kiosk, page } = await openKiosk();
    await tapBadge(page, '1001');
    await page.getByTestId('start-lesson').click();
    await page.getByTestId('lesson-player').waitFor();
    const lesson = await lessonOnScreen(kiosk, page);
    expect(lesson.cards.some(isCheck), `"${lesson.id}" needs a knowledge check for this test`).toBe(true);
    await playFailingEveryCheck(page, lesson);
    await page.getByTestId('complete-lesson').click();
    await page.getByTestId('done-screen').waitFor();
    expect(await page.getByTestId('done-title').textContent()).toBe('Not passed yet');
    expect(await page.getByTestId('done-screen').getAttribute('data-passed')).toBe('false');
    expect(await page.getByTestId('done-screen').textContent()).not.toContain('✓');
    expect(await page.getByTestId('done-what-next').textContent()).toContain('ask your supervisor');
    await page.getByTestId('finish').click();
    await page.getByTestId('attract-screen').waitFor();

    await tapBadge(page, '1006');
    await clickPin(page, '2468');
    const alex = page.getByTestId('board-row-demo-alex-morgan');
    await expect.poll(() => alex.getAttribute('data-status')).toBe('failed');
    expect(await alex.textContent()).toContain('Not passed - retake');
    expect(await page.getByTestId('board-legend').textContent()).toContain('Not passed - retake');
    await page.getByTestId('board-worker-demo-alex-morgan').click();
    await expect.poll(() => page.getByTestId(`detail-lesson-${lesson.id}`).textContent()).toContain('Not passed - retake');
  });
});

describe('site IT diagnostics', () => {
  it('chord + PIN shows a missing HID reader and a server outage; exit with the PIN ends kiosk mode', async () => {
    const { kiosk, page } = await openKiosk({
      config: {
        ...E2E_TERMINAL_CONFIG,
        reader: { mode: 'hid', vendorId: '0xfffe', productId: '0xfffd', reconnectIntervalMs: 60_000 },
        server: { url: 'http://127.0.0.1:9' },
      },
    });
    await page.keyboard.press('Control+Alt+Shift+KeyD');
    await page.getByTestId('pin-pad').waitFor();
    await expect(page.getByTestId('pin-pad').textContent()).resolves.toContain('Diagnostics PIN');
    await clickPin(page, '0000');
    await page.getByTestId('diagnostics').waitFor();

    const reader = page.getByTestId('diag-reader');
    await reader.waitFor();
    expect(['disconnected', 'unavailable']).toContain(await reader.getAttribute('data-state'));
    await expect(page.getByTestId('diag-server').getAttribute('data-reachability')).resolves.toBe('unreachable');
    await expect(page.getByTestId('diag-server').textContent()).resolves.toContain('http://127.0.0.1:9');
    await expect(page.getByTestId('diag-config').textContent()).resolves.toContain('kiosk.json (from --config)');
    await expect(page.getByTestId('diag-events').textContent()).resolves.toContain('pin-accepted');

    await clickPin(page, '0000', 'exit-pin');
    await page.getByTestId('kiosk-ended').waitFor();
    await expect(page.getByTestId('kiosk-ended').textContent()).resolves.toBe('Kiosk mode ended; close the browser.');
    const logDir = `${kiosk.dataDir}/logs`;
    const log = fs.readdirSync(logDir).map((f) => fs.readFileSync(`${logDir}/${f}`, 'utf8')).join('');
    expect(log).toContain('"event":"kiosk-exit"');
    expect(log).not.toContain('0000"');
  });
});

describe('site IT re-queues refused statements', () => {
  it('diagnostics lists 2 refused statements; "Re-queue 2 refused" puts them back in the sync queue and the list empties', async () => {
    const first = await startKiosk({ config: { ...E2E_TERMINAL_CONFIG, server: { url: 'http://127.0.0.1:9' } } });
    await first.stop();
    const db = new Database(first.dbPath);
    const at = new Date().toISOString();
    for (const id of [crypto.randomUUID(), crypto.randomUUID()]) {
      db.prepare(
        `INSERT INTO completions (id, worker_id, lesson_id, lesson_version, language, score, passed, duration_ms, answers_json, started_at, completed_at, site_id, station_id)
         VALUES (?, 'demo-alex-morgan', 'ppe-check', 1, 'en', 1, 1, 60000, '[]', ?, ?, 'plant-2', 'press-line-4')`,
      ).run(id, at, at);
      db.prepare("INSERT INTO outbox (statement_id, created_at, next_try_at, quarantined_reason, quarantined_at, last_error) VALUES (?, ?, ?, 'statement-invalid: refused', ?, 'refused')").run(id, at, at, at);
    }
    db.close();
    const { kiosk, page } = await openKiosk({ dataDir: first.dataDir, config: { ...E2E_TERMINAL_CONFIG, server: { url: 'http://127.0.0.1:9' } } });
    await page.keyboard.press('Control+Alt+Shift+KeyD');
    await page.getByTestId('pin-pad').waitFor();
    await clickPin(page, '0000');
    const quarantine = page.getByTestId('diag-quarantine');
    await quarantine.waitFor(PIN_CHECKED);
    expect(await quarantine.getAttribute('data-count')).toBe('2');
    await page.getByTestId('diag-requeue').click();
    await expect.poll(() => page.getByTestId('diag-requeue-outcome').textContent()).toBe('2 statements are back in the sync queue.');
    await expect.poll(() => quarantine.getAttribute('data-count')).toBe('0');
    await expect(page.getByTestId('diag-requeue').count()).resolves.toBe(0);
    const counts = readDb(kiosk, (d) => d.prepare('SELECT count(*) FILTER (WHERE quarantined_reason IS NULL) AS queued, count(*) FILTER (WHERE quarantined_reason IS NOT NULL) AS refused FROM outbox').get());
    expect(counts).toEqual({ queued: 2, refused: 0 });
  });
});
