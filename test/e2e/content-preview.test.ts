import fs from 'node:fs';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../../content-pack/preview/preview-server';
import { DIAGRAM_SVG, GOOD_BODY, lessonFile, writeContentFolder } from '../unit/content/fixtures';
import { launchChromium } from './harness';

/**
 * Issue 18: `npm run content -- preview DIR` in Chromium. A trainer edits a lesson file on disk; the
 * preview (the kiosk's own player) shows the change and the new problem without a manual reload.
 */

const root = path.join(__dirname, '../..');
let browser: Browser;
let preview: PreviewServer;
let dir: string;
let page: Page;

beforeAll(async () => {
  dir = writeContentFolder({
    'lessons/area/demo.en.md': lessonFile({ body: GOOD_BODY.replace('Machines store energy.', 'Machines store energy. First version.') }),
    'lessons/area/demo.es.md': lessonFile({ language: 'es', fields: { title: 'Lección de prueba' }, body: GOOD_BODY.replace('Machines store energy.', 'Las máquinas guardan energía.') }),
    'media/lock.svg': DIAGRAM_SVG,
  });
  preview = await startPreview({ dir, port: 0, rendererDir: path.join(root, 'dist/renderer'), debounceMs: 50 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 720 } });
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const player = (): FrameLocator => page.frameLocator('[data-testid="preview-frame"]');

describe('content preview in Chromium', () => {
  it('plays the lesson in the kiosk player, switches language and screen size', async () => {
    await page.goto(preview.url);
    await expect.poll(() => player().getByTestId('lesson-card').textContent(), { timeout: 30_000 }).toContain('First version.');
    expect(await page.getByTestId('preview-problems').textContent()).toContain('No problems in this lesson');
    // The real player: its progress and navigation, images through the preview's media route.
    expect(await player().getByTestId('card-index').textContent()).toMatch(/1\D+3/);
    const img = player().locator('.card-text img');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);

    await page.getByTestId('preview-language').selectOption('es');
    await expect.poll(() => player().getByTestId('lesson-card').textContent(), { timeout: 30_000 }).toContain('Las máquinas guardan energía.');

    await page.getByTestId('preview-size').selectOption({ label: '1280 x 800' });
    await expect.poll(() => page.getByTestId('preview-frame').evaluate((el) => [(el as HTMLIFrameElement).width, (el as HTMLIFrameElement).height])).toEqual(['1280', '800']);
    await expect.poll(() => player().locator('body').evaluate(() => [window.innerWidth, window.innerHeight])).toEqual([1280, 800]);
    await page.getByTestId('preview-language').selectOption('en');
    await page.getByTestId('preview-size').selectOption({ label: '800 x 480' });
  });

  it('an edit on disk shows in the player and its new problem next to it, without a manual reload', async () => {
    await expect.poll(() => player().getByTestId('lesson-card').textContent(), { timeout: 30_000 }).toContain('First version.');
    const file = path.join(dir, 'lessons/area/demo.en.md');
    const edited = lessonFile({
      body: GOOD_BODY.replace('Machines store energy. ', '').replace('Machines store energy.', 'Machines store energy. Edited on disk.') + '\n::: image src=media/missing.svg\n',
    });
    fs.writeFileSync(file, edited);

    await expect.poll(() => player().getByTestId('lesson-card').textContent(), { timeout: 30_000 }).toContain('Edited on disk.');
    const problems = page.getByTestId('preview-problem');
    await expect.poll(() => problems.allTextContents(), { timeout: 30_000 }).toEqual([
      expect.stringMatching(/^lessons\/area\/demo\.en\.md:\d+image card without alt text/),
      expect.stringMatching(/^lessons\/area\/demo\.en\.md:\d+media file .*media\/missing\.svg does not exist/),
    ]);
    expect(await page.getByTestId('preview-problems').textContent()).toContain('2 problems in this lesson');

    // The screenshot in content/README.md: UPDATE_SCREENSHOTS=1 npx vitest run --project e2e test/e2e/content-preview.test.ts
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.screenshot({ path: path.join(root, 'docs/screenshots/content-preview.png') });
    }
  });
});
