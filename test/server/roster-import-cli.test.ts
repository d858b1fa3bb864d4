import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'shiftlearn-roster-cli-'));
const schema = `test_${randomBytes(6).toString('hex')}`;
const env = { ...process.env, SHIFTLEARN_DATA_DIR: join(dir, 'db'), SHIFTLEARN_DB_SCHEMA: schema };

function cli(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(TSX, ['server/cli.ts', ...args], { cwd: ROOT, env });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, out, err }));
    p.stdin.end(stdin);
  });
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
});

it('site IT: dashboard users with the password from stdin, roster dry run then import, bad rows refused', async () => {
  expect((await cli(['create-site', '--id', 'plant-1', '--name', 'Plant 1'])).code).toBe(0);
  expect((await cli(['create-station', '--site', 'plant-1', '--id', 'press', '--name', 'Press'])).code).toBe(0);

  const argvPassword = await cli(['user', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'admin', '--password', 'in-shell-history']);
  expect(argvPassword.code).toBe(1);
  expect(argvPassword.err).toContain('--password-stdin');

  const created = await cli(['user', 'create', '--email', 'Sue@Example.com', '--name', 'Sue Smith', '--role', 'supervisor', '--sites', 'plant-1', '--password-stdin'], 'piped passphrase 123\n');
  expect(created.err).toBe('');
  expect(created.out).toContain('dashboard user sue@example.com (supervisor, sites plant-1) saved');
  expect((await cli(['user', 'list'])).out).toContain('sue@example.com  supervisor  plant-1');

  const good = join(dir, 'roster.csv');
  writeFileSync(good, 'badge_id,employee_id,name,language,site,roles,stations,supervisor\n04A1B2C3,E1,Ana,en,plant-1,operator,press,yes\n04A1B2C4,E2,Bob,es,plant-1,,press,no\n');
  const dry = await cli(['roster', 'import', '--dry-run', good]);
  expect(dry.code).toBe(0);
  expect(dry.out).toMatch(/Dry run \(nothing changed\): sites plant-1\nadded\s+2\nchanged\s+0\ndeactivated\s+0/);
  const applied = await cli(['roster', 'import', good]);
  expect(applied.out).toMatch(/Roster imported: sites plant-1\nadded\s+2/);

  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'badge_id,employee_id,name,language,site,roles,stations,supervisor\n04A1B2C3,E1,Ana,en,plant-1,operator,press,maybe\n');
  const refused = await cli(['roster', 'import', bad]);
  expect(refused.code).toBe(1);
  expect(refused.out).toContain('Roster NOT imported (nothing changed)');
  expect(refused.out).toContain('row 2 [supervisor]: supervisor must be one of true, false, yes, no, 1, 0');
});
