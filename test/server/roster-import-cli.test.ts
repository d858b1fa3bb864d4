import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useServerCli } from './cli-sandbox';

const { dir, cli } = useServerCli('roster-cli');

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
}, 180_000);
