import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../../content-pack/pack';
import { publishPack } from '../../content-pack/publish';
import { goodLibrary, lessonFile, writeContentFolder } from '../unit/content/fixtures';
import { seedLessons, seedSite, seedWorkers, startTestServer, type TestServer } from './helpers';

/**
 * Requirements, three ways into one model (issue 14): front matter `required_for` at publish, the
 * admin API (which the dashboard page and the CLI use), and refusing lesson ids nobody published.
 */

let s: TestServer;
let url: string;
const dirs: string[] = [];

beforeAll(async () => {
  s = await startTestServer();
  url = await s.app.listen({ port: 0, host: '127.0.0.1' });
  await seedSite(s, 'plant-2', ['press-line-4']);
  await seedSite(s, 'plant-3', ['press-line-4', 'dock']);
  expect((await s.admin('PUT', '/api/v1/admin/workers', { workers: [{ employeeId: 'E1', displayName: 'Ana', language: 'en', siteId: 'plant-2', roles: ['press-operator'] }] })).status).toBe(200);
  await seedWorkers(s, 'plant-3', ['E2']);
});
afterAll(async () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  await s.close();
});

const requirements = async () => (await s.admin('GET', '/api/v1/admin/requirements')).body;

function library(requiredFor: string | null, version = 1): string {
  const extra = requiredFor ? [`required_for: ${requiredFor}`] : [];
  const dir = writeContentFolder({ ...goodLibrary(), 'lessons/area/demo.en.md': lessonFile({ fields: { version: String(version) }, extra }), 'lessons/area/demo.es.md': lessonFile({ language: 'es', fields: { version: String(version) } }) });
  dirs.push(dir);
  return dir;
}

describe('front matter required_for, applied at publish', () => {
  it('adds the lesson to the role and to that station at every site; warns about a role and a station the roster lacks, naming what it has', async () => {
    const summary = await publishPack(buildPack(library('{roles: [press-operator, welder], stations: [press-line-4, paint-shop]}')), { serverUrl: url, adminToken: s.adminToken });
    expect(await requirements()).toEqual({
      roles: [
        { role: 'press-operator', lessons: ['demo'], skills: [], recertDays: null, effectiveFrom: null },
        { role: 'welder', lessons: ['demo'], skills: [], recertDays: null, effectiveFrom: null },
      ],
      stations: [
        { siteId: 'plant-2', stationId: 'press-line-4', lessons: ['demo'], skills: [], recertDays: null, effectiveFrom: null },
        { siteId: 'plant-3', stationId: 'press-line-4', lessons: ['demo'], skills: [], recertDays: null, effectiveFrom: null },
      ],
    });
    expect(summary.requirements.changed).toBe(4);
    expect(summary.requirements.warnings).toEqual([
      expect.stringMatching(/^required_for role "welder" \(demo\) is no worker's role in the roster, which has: press-operator\. The requirement is saved/),
      expect.stringMatching(/^required_for station "paint-shop" \(demo\) is not a station of any site; the stations are: dock, press-line-4\. Not applied/),
    ]);
  });

  it('publishing the same pack again leaves an admin edit alone; a new version drops what its front matter no longer names', async () => {
    expect((await s.admin('PUT', '/api/v1/admin/requirements', { roles: [{ role: 'welder', lessons: [] }] })).status).toBe(200);
    const again = await publishPack(buildPack(library('{roles: [press-operator, welder], stations: [press-line-4, paint-shop]}')), { serverUrl: url, adminToken: s.adminToken });
    expect(again.requirements).toEqual({ changed: 0, warnings: [] });
    expect((await requirements()).roles.map((r: { role: string }) => r.role)).toEqual(['press-operator']);

    const v2 = await publishPack(buildPack(library('{stations: [press-line-4]}', 2)), { serverUrl: url, adminToken: s.adminToken });
    expect(v2.requirements.changed).toBe(1);
    const now = await requirements();
    expect(now.roles).toEqual([]);
    expect(now.stations.map((x: { siteId: string }) => x.siteId)).toEqual(['plant-2', 'plant-3']);
  });
});

describe('lesson ids must be published', () => {
  it('a typo is refused with 400 naming the id and where it was, and nothing is saved', async () => {
    await seedLessons(s, ['lockout']);
    const before = await requirements();
    const res = await s.admin('PUT', '/api/v1/admin/requirements', {
      roles: [{ role: 'press-operator', lessons: ['lockout'] }],
      stations: [{ siteId: 'plant-3', stationId: 'dock', lessons: ['lokout', 'lockout'] }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unknown-lessons');
    expect(res.body.lessons).toEqual(['lokout']);
    expect(res.body.message).toContain('no published lesson has the id "lokout" (lokout in stations[0] (plant-3/dock))');
    expect(await requirements()).toEqual(before);
  });

  it('GET /api/v1/admin/lessons lists what may be required, with titles per language and the recertification', async () => {
    const { lessons } = (await s.admin('GET', '/api/v1/admin/lessons')).body;
    expect(lessons.find((l: { id: string }) => l.id === 'demo')).toMatchObject({ titles: { en: 'Demo lesson', es: 'Demo lesson' }, requiredFor: { roles: [], stations: ['press-line-4'] } });
    expect(lessons.map((l: { id: string }) => l.id)).toEqual(['demo', 'lockout']);
  });
});

describe('steps, recertification and effective date (one requirement each)', () => {
  it('keeps lessons in the order given, with recertDays and effectiveFrom, and a publish appends its lesson at the end', async () => {
    await seedLessons(s, ['press-basics', 'guarding']);
    const put = await s.admin('PUT', '/api/v1/admin/requirements', {
      stations: [{ siteId: 'plant-3', stationId: 'dock', lessons: ['press-basics', 'lockout', 'guarding'], recertDays: 180, effectiveFrom: '2027-03-01' }],
    });
    expect(put.status).toBe(200);
    const dock = () => requirements().then((r) => r.stations.find((x: { stationId: string }) => x.stationId === 'dock'));
    expect(await dock()).toEqual({ siteId: 'plant-3', stationId: 'dock', lessons: ['press-basics', 'lockout', 'guarding'], skills: [], recertDays: 180, effectiveFrom: '2027-03-01' });

    await publishPack(buildPack(library('{stations: [dock]}', 3)), { serverUrl: url, adminToken: s.adminToken });
    expect((await dock()).lessons).toEqual(['press-basics', 'lockout', 'guarding', 'demo']);
    expect((await dock()).recertDays).toBe(180);

    // Sent again unchanged: nothing for terminals to download; a new order alone is a change.
    const same = { siteId: 'plant-3', stationId: 'dock', lessons: ['press-basics', 'lockout', 'guarding', 'demo'], recertDays: 180, effectiveFrom: '2027-03-01' };
    expect((await s.admin('PUT', '/api/v1/admin/requirements', { stations: [same] })).body).toEqual({ changed: 0 });
    expect((await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ ...same, lessons: ['lockout', 'press-basics', 'guarding', 'demo'] }] })).body).toEqual({ changed: 1 });
    // Left out means null: the entry replaces the whole requirement.
    expect((await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'plant-3', stationId: 'dock', lessons: ['lockout'] }] })).status).toBe(200);
    expect(await dock()).toMatchObject({ lessons: ['lockout'], recertDays: null, effectiveFrom: null });
  });

  it.each([
    [{ recertDays: 0 }, 'stations[0].recertDays: recertDays must be at least 1 day'],
    [{ recertDays: 1.5 }, 'stations[0].recertDays: recertDays must be a whole number of days'],
    [{ recertDays: '90' }, 'stations[0].recertDays: recertDays must be a whole number of days, e.g. 365, or null'],
    [{ effectiveFrom: '2027-02-30' }, 'stations[0].effectiveFrom: effectiveFrom must be a real date written YYYY-MM-DD'],
    [{ effectiveFrom: '01/03/2027' }, 'stations[0].effectiveFrom: effectiveFrom must be a real date written YYYY-MM-DD'],
    [{ lessons: ['lockout', 'guarding', 'lockout'] }, 'stations[0].lessons: "lockout" listed more than once: the list is the order of steps, so name each lesson once'],
  ])('refuses %j with 400 naming the field and the fix', async (bad, message) => {
    const before = await requirements();
    const res = await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'plant-3', stationId: 'dock', lessons: ['lockout'], ...bad }] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
    expect(await requirements()).toEqual(before);
  });
});
