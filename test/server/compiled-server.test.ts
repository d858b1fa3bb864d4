import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { ROOT, useServerCli } from './cli-sandbox';

// `npm run server` runs the compiled dist-node/server.js (scripts/build-node.cjs): the bundle must
// find its migrations and the built dashboard from dist-node/, and be rebuilt when a source changes.

const { env } = useServerCli('compiled', { LOG_LEVEL: 'info' });
const run = promisify(execFile);
const bundle = join(ROOT, 'dist-node', 'server.js');
const node = (...args: string[]) => run(process.execPath, [bundle, ...args], { cwd: ROOT, env });
/** Preloaded to print the packages loaded when the PGlite worker started, and at exit. */
const loadOrderHook = join(__dirname, 'load-order-hook.cjs');
const packagesLoaded = (output: string, when: string) => {
  const line = output.split('\n').find((l) => l.startsWith(`[load-order] packages loaded ${when}:`));
  return line === undefined ? undefined : line.split(':')[1].split(' ').filter(Boolean);
};

beforeAll(async () => {
  await run(process.execPath, ['scripts/ensure-renderer.cjs'], { cwd: ROOT });
  await run(process.execPath, ['scripts/build-node.cjs'], { cwd: ROOT });
}, 180_000);

it('the compiled server migrates, serves /healthz and the dashboard, prints the dashboard URL and stops on SIGTERM', async () => {
  expect((await node('create-site', '--id', 'plant-2', '--name', 'Plant 2')).stdout).toContain('site plant-2 (Plant 2) saved');

  const server = spawn(process.execPath, ['--require', loadOrderHook, bundle, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: ROOT, env });
  let output = '';
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  const outputEnded = new Promise((resolve) => server.on('close', resolve));
  const dashboardUrl = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      output += d;
      const m = /dashboard at (http:\/\/localhost:\d+\/dashboard\/) \(listening on 127\.0\.0\.1\)/.exec(output);
      if (m) resolve(m[1]!);
    });
    server.stderr.on('data', (d: Buffer) => (output += d));
    void exited.then(() => reject(new Error(`server exited early:\n${output}`)));
  });
  try {
    const base = new URL(dashboardUrl).origin;
    expect((await (await fetch(`${base}/healthz`)).json()).status).toBe('ok');
    const dashboard = await fetch(dashboardUrl);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<div id="root">');
  } finally {
    server.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  await outputEnded;
  // Issue 14: PGlite's start (a second of WASM) overlaps the app's load only if its thread starts first.
  if (!process.env.DATABASE_URL) {
    const beforeWorker = packagesLoaded(output, 'when a worker thread started');
    expect(beforeWorker).toBeDefined();
    expect(beforeWorker).not.toContain('fastify');
    expect(beforeWorker).not.toContain('zod');
    expect(beforeWorker).not.toContain('@electric-sql/pglite');
  }
  expect(packagesLoaded(output, 'at exit')).toContain('fastify');
}, 120_000);

it('--help loads none of the packages that serve and the admin commands need', async () => {
  const { stdout, stderr } = await run(process.execPath, ['--require', loadOrderHook, bundle, '--help'], { cwd: ROOT, env });
  expect(stdout).toContain('Usage: npm run server');
  expect(packagesLoaded(stderr, 'at exit')).toEqual([]);
});

it('is rebuilt by --if-stale after a source changes, and left alone when nothing did', async () => {
  const builtAt = () => statSync(bundle).mtimeMs;
  const before = builtAt();
  await run(process.execPath, ['scripts/build-node.cjs', '--if-stale'], { cwd: ROOT });
  expect(builtAt()).toBe(before);

  const source = join(ROOT, 'server', 'errors.ts');
  const later = new Date(Date.now() + 2_000);
  utimesSync(source, later, later);
  const { stderr } = await run(process.execPath, ['scripts/build-node.cjs', '--if-stale'], { cwd: ROOT });
  expect(stderr).toContain('server/errors.ts changed');
  expect(builtAt()).toBeGreaterThan(before);
  expect(existsSync(bundle)).toBe(true);
}, 120_000);
