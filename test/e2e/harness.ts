import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
  const args = ['electron/web-host/cli.ts', '--port', '0', '--data-dir', dataDir, ...(opts.extraArgs ?? [])];
  if (opts.config) {
    const configPath = path.join(dataDir, 'kiosk.json');
    fs.writeFileSync(configPath, JSON.stringify(opts.config));
    args.push('--config', configPath);
  }
  // tsx itself, not npx: a SIGTERM to npx would leave the web host running behind it.
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const child: ChildProcess = spawn(tsx, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
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

/** Types a badge the way a keyboard-wedge scanner does: a fast burst of keys, then Enter. */
export async function scanBadge(page: Page, badge: string, gapMs = 15): Promise<void> {
  await page.keyboard.type(badge, { delay: gapMs });
  await page.keyboard.press('Enter');
}
