import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { openDb } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';
import { useServerCli } from './cli-sandbox';

/** `npm run server -- requirements set|list|import` as site IT runs it (issue 14). */

const { dir, dbOptions, cli } = useServerCli('requirements');

beforeAll(async () => {
  expect((await cli(['create-site', '--id', 'plant-2', '--name', 'Plant 2'])).code).toBe(0);
  expect((await cli(['create-station', '--site', 'plant-2', '--id', 'press-line-4', '--name', 'Press line 4'])).code).toBe(0);
  const db = await openDb(dbOptions);
  try {
    await migrate(db);
    for (const id of ['lockout', 'press-basics']) {
      const lesson = { id, version: 1, language: 'en', title: id, durationMinutes: 3, cards: [{ kind: 'text', id: 'c1', markdown: 'x' }] };
      await db.query('INSERT INTO lessons (id, language, version, site_id, json) VALUES ($1, $2, $3, NULL, $4)', [id, 'en', 1, JSON.stringify(lesson)]);
    }
  } finally {
    await db.close();
  }
}, 120_000);

it('set for a role and a station, list as CSV, import that CSV back edited', async () => {
  const role = await cli(['requirements', 'set', '--role', 'press-operator', '--lessons', 'lockout,press-basics']);
  expect(role.err).toBe('');
  expect(role.out).toContain('requirements saved for role press-operator: 1 changed');
  const station = ['requirements', 'set', '--site', 'plant-2', '--station', 'press-line-4', '--lessons', 'press-basics,lockout', '--recert-days', '180', '--effective-from', '2027-03-01'];
  expect((await cli(station)).code).toBe(0);
  const listed = await cli(['requirements', 'list']);
  expect(listed.out).toBe(
    'role,site,station,lessons,skills,recert_days,effective_from\npress-operator,,,lockout;press-basics,,,\n,plant-2,press-line-4,press-basics;lockout,,180,2027-03-01\n',
  );

  const file = join(dir, 'reqs.csv');
  writeFileSync(file, listed.out.replace('lockout;press-basics,,,', 'press-basics;lockout,,365,').replace(',plant-2,press-line-4,press-basics;lockout,,180,2027-03-01', ',plant-2,press-line-4,,,,'));
  const imported = await cli(['requirements', 'import', file]);
  expect(imported.out).toContain('requirements saved for 2 roles and stations: 2 changed');
  expect((await cli(['requirements', 'list'])).out).toBe('role,site,station,lessons,skills,recert_days,effective_from\npress-operator,,,press-basics;lockout,,365,\n');
  const on = await cli(['settings', 'set', '--supervisors-edit-station-requirements', 'on']);
  expect(on.out).toBe('supervisors-edit-station-requirements: on\n');
}, 120_000);

it('an unknown lesson id exits 1 naming it; a bad CSV row exits 1 naming the row; nothing is saved', async () => {
  const typo = await cli(['requirements', 'set', '--role', 'press-operator', '--lessons', 'lokout']);
  expect(typo.code).toBe(1);
  expect(typo.err).toContain('no published lesson has the id "lokout"');
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'role,site,station,lessons,skills\nwelder,plant-2,,lockout,\n');
  const bad = await cli(['requirements', 'import', file]);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('row 2: fill either role, or both site and station');
  // A file from before recert_days/effective_from still imports; bad values there name row and column.
  writeFileSync(file, 'role,site,station,lessons,skills,recert_days,effective_from\nwelder,,,lockout,,-3,\ncutter,,,lockout,,,2027-13-01\n');
  const terms = await cli(['requirements', 'import', file]);
  expect(terms.code).toBe(1);
  expect(terms.err).toContain('row 2: recert_days "-3": recert_days must be a whole number of days');
  expect(terms.err).toContain('row 3: effective_from "2027-13-01": effective_from must be a real date written YYYY-MM-DD');
  const date = await cli(['requirements', 'set', '--role', 'welder', '--lessons', 'lockout', '--effective-from', 'tomorrow']);
  expect(date.code).toBe(1);
  expect(date.err).toContain('effectiveFrom must be a real date written YYYY-MM-DD');
  expect((await cli(['requirements', 'list'])).out).toBe('role,site,station,lessons,skills,recert_days,effective_from\npress-operator,,,press-basics;lockout,,365,\n');
}, 120_000);
