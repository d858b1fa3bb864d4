import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { E2E_TERMINAL_CONFIG, seriousAxeViolations, startKiosk, tapBadge } from './harness';
import { useKioskBrowser } from './kiosk-browser';
import { layoutProblems } from './layout-check';
import { lessonOnScreen, playFailingEveryCheck } from './lesson-play';

/**
 * Every main screen at every supported size, in English and Spanish: nothing a worker or
 * supervisor must tap is clipped or off-screen, no label overflows its box or breaks inside a word,
 * and axe-core finds nothing serious. Each shot is written to test-artifacts/screens/ (gitignored)
 * so a person can look at them. 150% zoom is the same layout as a CSS viewport 1.5 times smaller,
 * which is how it is taken here.
 */

const SIZES: [number, number][] = [
  [800, 480],
  [1024, 600],
  [1280, 800],
  [1366, 768],
  [1920, 1080],
  [1080, 1920],
];
const ZOOMS = [1, 1.5];
/** axe-core is slow: run it at the smallest and the largest landscape screen. */
const AXE_AT = new Set(['800x480', '1920x1080']);
const OUT_DIR = path.resolve(__dirname, '../../test-artifacts/screens');

interface Viewport {
  name: string;
  width: number;
  height: number;
}

const VIEWPORTS: Viewport[] = ZOOMS.flatMap((zoom) =>
  SIZES.map(([w, h]) => ({ name: `${w}x${h}${zoom === 1 ? '' : `@${zoom * 100}`}`, width: Math.round(w / zoom), height: Math.round(h / zoom) })),
);

const DAY = 86_400_000;

/** A board with every status: done, in progress, failed (retake), due soon, overdue, not started. */
function seedHistory(dbPath: string, supervisorLanguage: string): void {
  const db = new Database(dbPath);
  const add = db.prepare(
    `INSERT INTO completions (id, worker_id, lesson_id, lesson_version, language, score, passed, duration_ms, answers_json, started_at, completed_at, site_id, station_id)
     VALUES (?, ?, ?, 1, 'en', ?, ?, 60000, '[]', ?, ?, 'plant-2', 'press-line-4')`,
  );
  const sat = (worker: string, lesson: string, daysAgo: number, passed = true) => {
    const at = new Date(Date.now() - daysAgo * DAY).toISOString();
    add.run(crypto.randomUUID(), worker, lesson, passed ? 1 : 0, passed ? 1 : 0, at, at);
  };
  for (const lesson of ['press-pinch-points', 'lockout-basics', 'ppe-check']) sat('demo-alex-morgan', lesson, 10);
  sat('demo-lucia-fernandez', 'lockout-basics', 400);
  sat('demo-sam-patel', 'press-pinch-points', 2, false);
  sat('demo-jordan-lee', 'lockout-basics', 360);
  // Dana reads the board in the run's language.
  db.prepare('UPDATE workers SET language = ? WHERE id = ?').run(supervisorLanguage, 'demo-dana-kowalski');
  db.close();
}

const { openKiosk } = useKioskBrowser();

async function clickPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId('pin-entry').getByTestId(`pin-key-${digit}`).click();
  await page.getByTestId('pin-entry').getByTestId('pin-submit').click();
}

/** Photographs the screen on show at every size and collects what is wrong with it. */
async function shoot(page: Page, language: string, screen: string, mustBeVisible: string[], failures: string[]): Promise<void> {
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    // Layout settles in the next frame; focus scrolling and scroll-into-view need one more.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(OUT_DIR, `${language}-${screen}-${vp.name}.png`) });
    for (const p of await layoutProblems(page, { mustBeVisible, minTarget: 48 })) failures.push(`${language} ${screen} ${vp.name}: ${p.what}: ${p.text}`);
    if (AXE_AT.has(vp.name)) for (const v of await seriousAxeViolations(page)) failures.push(`${language} ${screen} ${vp.name}: axe ${v}`);
  }
}

const LANGUAGES = [
  { language: 'en', worker: '1001' },
  { language: 'es', worker: '1002' },
];

// 8 screens x 12 sizes, photographed and measured: minutes on a loaded 2-core machine.
describe('every main screen at every size', { timeout: 900_000 }, () => {
  fs.mkdirSync(OUT_DIR, { recursive: true });

  for (const { language, worker } of LANGUAGES) {
    it(`${language}: attract, greeting, lesson card, check feedback, done, PIN pad, station board and diagnostics fit from 800x480 to 1920x1080 and portrait, at 100% and 150%`, async () => {
      const config = { ...E2E_TERMINAL_CONFIG, language, idleTimeoutSeconds: 3600 };
      const first = await startKiosk({ config });
      await first.stop();
      seedHistory(first.dbPath, language);
      const { kiosk, page } = await openKiosk({
        dataDir: first.dataDir,
        config,
        bypassCSP: true,
      });
      // A wait that never ends fails the test with a message instead of hanging it.
      page.setDefaultTimeout(30_000);
      const failures: string[] = [];

      await shoot(page, language, 'attract', [], failures);

      await tapBadge(page, worker);
      await page.getByTestId('start-lesson').waitFor();
      await shoot(page, language, 'greeting', ['[data-testid="start-lesson"]'], failures);

      await page.getByTestId('start-lesson').click();
      await page.getByTestId('lesson-card').waitFor();
      await shoot(page, language, 'lesson-card', ['.player-nav button'], failures);

      // Every first answer wrong: the check with its feedback (explanation included) must be in view,
      // and the done screen is the longer "Not passed yet" one.
      await playFailingEveryCheck(page, await lessonOnScreen(kiosk, page), () =>
        shoot(page, language, 'check-feedback', ['[data-testid="check-feedback"] .feedback-verdict', '.player-nav button'], failures),
      );
      await page.getByTestId('complete-lesson').click();
      await page.getByTestId('done-screen').waitFor();
      // The done screen signs out by itself after some seconds: its sign-out is held while it is photographed.
      const held = '**/api/call/signOut';
      await page.route(held, () => undefined);
      await shoot(page, language, 'done', ['.done-screen button'], failures);
      await page.unroute(held);
      await page.getByTestId('finish').click();
      await page.getByTestId('attract-screen').waitFor();

      await tapBadge(page, '1006');
      await page.getByTestId('pin-pad').waitFor();
      await shoot(page, language, 'pin-pad', ['.pin-key', '[data-testid="staff-cancel"]'], failures);

      await clickPin(page, '2468');
      await page.getByTestId('board-summary').waitFor();
      await shoot(page, language, 'station-board', ['[data-testid="staff-close"]'], failures);

      await page.getByTestId('staff-close').click();
      await page.getByTestId('attract-screen').waitFor();
      await page.keyboard.press('Control+Alt+Shift+KeyD');
      await page.getByTestId('pin-pad').waitFor();
      await clickPin(page, '0000');
      await page.getByTestId('diag-events').waitFor();
      await shoot(page, language, 'diagnostics', ['[data-testid="staff-close"]'], failures);

      expect(failures).toEqual([]);
    });
  }
});
