import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { E2E_TERMINAL_CONFIG, launchChromium, startKiosk, type RunningKiosk } from './harness';

export interface OpenKioskOptions {
  /** Defaults to E2E_TERMINAL_CONFIG. */
  config?: object;
  /** A prepared data dir; by default a fresh one. Either way it is removed after the test. */
  dataDir?: string;
  viewport?: { width: number; height: number };
  /** Lets scripts the test injects (axe) past the kiosk's CSP, in this test context only. */
  bypassCSP?: boolean;
  /** Runs on the new page before it loads the kiosk: listeners and init scripts that must see the first load go here. */
  beforeLoad?: (page: Page, kiosk: RunningKiosk) => Promise<void>;
  /** The screen the freshly loaded terminal must show; a terminal set up to fail shows the error screen; null: do not wait. */
  startScreen?: 'attract-screen' | 'error-screen' | null;
}

export interface OpenedKiosk {
  kiosk: RunningKiosk;
  page: Page;
}

/**
 * One Chromium for the test file and a kiosk per test: registers the vitest hooks that launch the
 * browser, stop every kiosk a test opened and remove its data dir after the test, and close the
 * browser at the end. Call it at the top level of a test file.
 */
export function useKioskBrowser(): { openKiosk: (opts?: OpenKioskOptions) => Promise<OpenedKiosk> } {
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

  /** Starts a kiosk, opens it in a new browser context and waits for its start screen. */
  async function openKiosk(opts: OpenKioskOptions = {}): Promise<OpenedKiosk> {
    const kiosk = await startKiosk({ config: opts.config ?? E2E_TERMINAL_CONFIG, dataDir: opts.dataDir });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 }, bypassCSP: opts.bypassCSP });
    running.push({ kiosk, context });
    const page = await context.newPage();
    await opts.beforeLoad?.(page, kiosk);
    await page.goto(kiosk.url);
    if (opts.startScreen !== null) await page.getByTestId(opts.startScreen ?? 'attract-screen').waitFor();
    return { kiosk, page };
  }

  return { openKiosk };
}
