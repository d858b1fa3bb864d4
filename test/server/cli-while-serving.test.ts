import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, SERVER_CLI, useServerCli } from './cli-sandbox';

/**
 * Admin commands while the server runs on the embedded database (issue 14): they used to be refused
 * ("in use by process N") until the server was stopped; now they go to the running server over HTTP.
 */

const { dir, env, cli } = useServerCli('serving', { DATABASE_URL: '', LOG_LEVEL: 'info' });

it('with serve holding PGlite, admin commands go to it over HTTP; --server needs a token from a file, never argv; stopping withdraws the local token', async () => {
  const server = spawn(process.execPath, [SERVER_CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: ROOT, env });
  let output = '';
  const exited = new Promise<number | null>((resolve) => server.on('exit', (c) => resolve(c)));
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      output += d;
      const m = /dashboard at (http:\/\/localhost:\d+)\/dashboard\//.exec(output);
      if (m) resolve(m[1]);
    });
    server.stderr.on('data', (d: Buffer) => (output += d));
    void exited.then(() => reject(new Error(`server exited early:\n${output}`)));
  });
  const serveJson = join(env.SHIFTLEARN_DATA_DIR!, 'serve.json');
  try {
    expect(statSync(serveJson).mode & 0o777).toBe(0o600);
    const site = await cli(['create-site', '--id', 'plant-2', '--name', 'Plant 2']);
    expect(site.code).toBe(0);
    expect(site.err).toMatch(/^\(via the server at http:\/\/127\.0\.0\.1:\d+\)/);
    const token = /\bsla_[\w-]+/.exec((await cli(['admin-token', 'create', '--label', 'site IT'])).out)![0];
    const sites = await (await fetch(`${url}/api/v1/admin/sites`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(sites.sites.map((x: { id: string }) => x.id)).toEqual(['plant-2']);

    const refused = await cli(['sites', '--server', url, '--token', token]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('tokens are never taken from the command line');
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const viaFile = await cli(['sites', '--server', url, '--token-file', tokenFile]);
    expect(viaFile.out).toContain('plant-2  Plant 2');
    const viaStdin = await cli(['create-station', '--site', 'plant-2', '--id', 'dock', '--name', 'Dock', '--server', url, '--token-file', '-'], `${token}\n`);
    expect(viaStdin.out).toContain('station dock (Dock) at site plant-2 saved');
  } finally {
    server.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(existsSync(serveJson)).toBe(false);
  // With the server gone the same commands open the database themselves.
  const after = await cli(['sites']);
  expect(after.err).toBe('');
  expect(after.out).toContain('    dock  Dock');
}, 180_000);
