import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { compiledCli } from './compiled-cli';

/** Flags that keep Debian Chromium quiet and working as root on a machine without a network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Fix: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface RunningKiosk {
  url: string;
  dataDir: string;
  dbPath: string;
  output: () => string;
  stop(): Promise<void>;
}

// No vitest import here: benchmarks (run by tsx, outside vitest) start kiosks with this module too.
const repoRoot = path.resolve(__dirname, '../..');

/**
 * Starts the real web host CLI (`npm run kiosk:web`'s entry point) on a free port with a fresh data
 * dir, the way site IT or a developer would, and waits for it to print its URL.
 */
export async function startKiosk(opts: { dataDir?: string; config?: object; extraArgs?: string[] } = {}): Promise<RunningKiosk> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-e2e-'));
  try {
    return await launchWebHost(dataDir, opts);
  } catch (err) {
    // A host that never started hands nothing back to clean up: remove the temp dir made for it here.
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function launchWebHost(dataDir: string, opts: { config?: object; extraArgs?: string[] }): Promise<RunningKiosk> {
  const args = [compiledCli('kiosk-web'), '--port', '0', '--data-dir', dataDir, ...(opts.extraArgs ?? [])];
  if (opts.config) {
    const configPath = path.join(dataDir, 'kiosk.json');
    fs.writeFileSync(configPath, JSON.stringify(opts.config));
    args.push('--config', configPath);
  }
  // The program itself, not npm: a SIGTERM to npm would leave the web host running behind it.
  const child: ChildProcess = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`web host did not start in time; output:\n${out}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}; output:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    dbPath: path.join(dataDir, 'shiftlearn.db'),
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Where each page's stamped keys got to: the next keys are stamped after them, never before. */
const lastKeyStamp = new WeakMap<Page, number>();
const cdpSessions = new WeakMap<Page, Promise<CDPSession>>();

function keyEvent(key: string): { key: string; code: string; windowsVirtualKeyCode: number; text: string } {
  if (key === 'Enter') return { key, code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' };
  if (/^[0-9]$/.test(key)) return { key, code: `Digit${key}`, windowsVirtualKeyCode: key.charCodeAt(0), text: key };
  if (/^[a-z]$/i.test(key)) return { key, code: `Key${key.toUpperCase()}`, windowsVirtualKeyCode: key.toUpperCase().charCodeAt(0), text: key };
  if (key.length === 1) return { key, code: '', windowsVirtualKeyCode: 0, text: key };
  throw new Error(`pressKeys types characters and Enter only, not "${key}": use page.keyboard.press for other keys`);
}

/**
 * Types keys with explicit event timestamps `gapMs` apart (CDP Input.dispatchKeyEvent `timestamp`,
 * which Chromium uses for KeyboardEvent.timeStamp), sent back to back. The page's wedge decoder
 * judges gaps by those timestamps, so the timing it sees is exact however busy the machine is.
 * Each call starts at least `pauseMs` after the previous call's last key on this page.
 */
export async function pressKeys(page: Page, keys: readonly string[], { gapMs = 8, pauseMs = 1000 } = {}): Promise<void> {
  let session = cdpSessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    cdpSessions.set(page, session);
  }
  const cdp = await session;
  const previous = lastKeyStamp.get(page);
  const start = Math.max(Date.now(), previous === undefined ? 0 : previous + pauseMs);
  const sent: Promise<unknown>[] = [];
  keys.forEach((key, i) => {
    const at = start + i * gapMs;
    const { text, ...down } = keyEvent(key);
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...down, text, timestamp: at / 1000 }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...down, timestamp: (at + 1) / 1000 }));
  });
  lastKeyStamp.set(page, start + (keys.length - 1) * gapMs);
  await Promise.all(sent);
}

/**
 * Taps a badge the way a keyboard-wedge reader does: its characters then Enter, `gapMs` apart by
 * event time (8 ms by default, a fast reader; pass e.g. 70 for a slow one).
 */
export async function tapBadge(page: Page, badge: string, { gapMs = 8 } = {}): Promise<void> {
  await pressKeys(page, [...badge, 'Enter'], { gapMs });
}

/** The demo seed's site and station, with the reader left at its defaults. */
export const DEMO_TERMINAL = {
  site: { id: 'plant-2', name: 'Plant 2' },
  station: { id: 'press-line-4', name: 'Press line 4' },
  demo: true,
};

/**
 * The demo terminal the browser tests tap badges at: the reader at its real default timing (badges
 * are typed with exact timestamps by tapBadge), and no double-read debounce, so a test may tap the
 * same badge again at once (the debounce itself is unit-tested in the core).
 */
export const E2E_TERMINAL_CONFIG = {
  ...DEMO_TERMINAL,
  badge: { debounceMs: 0 },
};

/** Reads the kiosk's SQLite file directly, to see what was really stored. */
export function readDb<T>(kiosk: RunningKiosk, read: (db: Database.Database) => T): T {
  const db = new Database(kiosk.dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const axePath = createRequire(__filename).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Serious and critical axe-core violations on the page as it is now, described so a failure says
 * what to fix. The kiosk's CSP forbids injected scripts, so open the page with `bypassCSP: true`.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
