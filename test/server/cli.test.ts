import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT, SERVER_CLI, useServerCli } from './cli-sandbox';

const { dbOptions, env } = useServerCli('cli', { LOG_LEVEL: 'info' });
const dataDir = dbOptions.dataDir;

const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [SERVER_CLI, ...args], { cwd: ROOT, env })).stdout;

it('site IT flow: create site and station, print a code, serve, a terminal enrolls over HTTP, SIGTERM stops cleanly', async () => {
  await cli('create-site', '--id', 'plant-2', '--name', 'Plant 2');
  await cli('create-station', '--site', 'plant-2', '--id', 'press-line-4', '--name', 'Press line 4');
  const printed = await cli('enroll', '--site', 'plant-2', '--station', 'press-line-4', '--expires', '2h');
  const code = /\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\b/.exec(printed)?.[1];
  expect(code).toBeDefined();
  expect(printed).toMatch(/expires\s+\d{4}-\d\d-\d\dT/);

  const server = spawn(process.execPath, [SERVER_CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: ROOT, env });
  let output = '';
  const exited = new Promise<number | null>((resolve) => server.on('exit', (c) => resolve(c)));
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      output += d;
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve(m[1]);
    });
    server.stderr.on('data', (d: Buffer) => (output += d));
    void exited.then(() => reject(new Error(`server exited early:\n${output}`)));
  });
  try {
    expect((await (await fetch(`${url}/healthz`)).json()).status).toBe('ok');
    const res = await fetch(`${url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, terminalName: 'kiosk' }) });
    expect(res.status).toBe(200);
    const { credential } = await res.json();
    expect(output).not.toContain(credential);
  } finally {
    server.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(output).toContain('shutting down');
  expect(existsSync(join(dataDir, 'shiftlearn.pid'))).toBe(false);
}, 120_000);

it('serve on a port already in use fails with the reason and leaves the embedded database closed and unlocked', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as AddressInfo).port;
  try {
    const failed = await promisify(execFile)(process.execPath, [SERVER_CLI, 'serve', '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT, env }).catch((err: { code: number; stderr: string }) => err);
    expect('code' in failed && failed.code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain('EADDRINUSE');
    expect(existsSync(join(dataDir, 'shiftlearn.pid'))).toBe(false);
  } finally {
    busy.close();
  }
}, 120_000);
