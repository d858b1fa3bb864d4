import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDashboard, signIn } from './dashboard-fixture';
import { startTestServer, type TestServer } from './helpers';

/**
 * Supervisors and requirements (issue 14): off by default; an admin turns the setting on; then a
 * supervisor sets the requirements of stations at their own sites, never another site's, never a role's.
 */

let s: TestServer;
let sup: string;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  await seedDashboard(s);
  sup = await signIn(s, 'sup-a@example.com');
  admin = await signIn(s, 'admin@example.com');
});
afterAll(async () => s?.close());

const CSRF = { 'x-requested-with': 'shiftlearn' };
async function as(cookie: string, method: 'GET' | 'PUT', url: string, payload?: object) {
  const res = await s.app.inject({ method, url, headers: { cookie, ...(method === 'PUT' ? CSRF : {}) }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
}
const press = (lessons: string[]) => ({ stations: [{ siteId: 'site-a', stationId: 'press', lessons, recertDays: 90 }] });
const pressRow = async () => (await s.admin('GET', '/api/v1/admin/requirements')).body.stations.find((x: { stationId: string }) => x.stationId === 'press');

it('is off by default: a supervisor is not offered the page and a write is refused with 403 naming the setting and who can change it', async () => {
  expect((await s.admin('GET', '/api/v1/admin/settings')).body).toEqual({ supervisorsEditStationRequirements: false });
  expect((await as(sup, 'GET', '/api/v1/dashboard/me')).body.canEditRequirements).toBe(false);
  expect((await as(admin, 'GET', '/api/v1/dashboard/me')).body.canEditRequirements).toBe(true);
  const before = await pressRow();
  const res = await as(sup, 'PUT', '/api/v1/dashboard/requirements', press(['press-basics']));
  expect(res.status).toBe(403);
  expect(res.body.error).toBe('supervisor-requirements-off');
  expect(res.body.message).toContain('supervisors may not change requirements on this server: an admin can allow it with the setting supervisorsEditStationRequirements');
  expect(await pressRow()).toEqual(before);
});

it('only an admin changes the setting, and a bad value is refused naming the field', async () => {
  const bySupervisor = await as(sup, 'PUT', '/api/v1/admin/settings', { supervisorsEditStationRequirements: true });
  expect(bySupervisor.status).toBe(403);
  const bad = await s.admin('PUT', '/api/v1/admin/settings', { supervisorsEditStationRequirements: 'yes' });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain('supervisorsEditStationRequirements');
  expect((await s.admin('PUT', '/api/v1/admin/settings', { supervisorsCanDoAnything: true })).status).toBe(400);
  // Through the dashboard session too, as the page does it.
  expect((await as(admin, 'PUT', '/api/v1/admin/settings', { supervisorsEditStationRequirements: true })).body).toEqual({ supervisorsEditStationRequirements: true });
  expect((await s.db.query("SELECT updated_by FROM server_settings WHERE key = 'supervisorsEditStationRequirements'")).rows[0].updated_by).toMatch(/^user:/);
});

it('when on: a supervisor sees and sets their own site\'s stations; another site\'s station or a role is 403 and nothing is saved', async () => {
  expect((await as(sup, 'GET', '/api/v1/dashboard/me')).body.canEditRequirements).toBe(true);
  const seen = (await as(sup, 'GET', '/api/v1/dashboard/requirements')).body;
  expect(seen.canEdit).toBe(true);
  expect(seen.requirements.roles).toEqual([]);
  expect(seen.requirements.stations.map((x: { siteId: string }) => x.siteId)).toEqual(['site-a']);
  expect(seen.stations.map((x: { siteId: string; stationId: string }) => `${x.siteId}/${x.stationId}`)).toEqual(['site-a/pack', 'site-a/press']);

  expect((await as(sup, 'PUT', '/api/v1/dashboard/requirements', press(['press-basics', 'lockout']))).body).toEqual({ changed: 1 });
  expect(await pressRow()).toMatchObject({ lessons: ['press-basics', 'lockout'], recertDays: 90 });

  const before = (await s.admin('GET', '/api/v1/admin/requirements')).body;
  const other = await as(sup, 'PUT', '/api/v1/dashboard/requirements', { stations: [...press(['lockout']).stations, { siteId: 'site-b', stationId: 'dock', lessons: ['lockout'] }] });
  expect(other.status).toBe(403);
  expect(other.body).toMatchObject({ error: 'site-out-of-scope', message: expect.stringContaining('not site-b/dock') });
  const role = await as(sup, 'PUT', '/api/v1/dashboard/requirements', { roles: [{ role: 'packer', lessons: ['lockout'] }] });
  expect(role.status).toBe(403);
  expect(role.body).toMatchObject({ error: 'role-requirements-admin-only', message: expect.stringContaining('only an admin can change them (packer)') });
  expect((await as(sup, 'PUT', '/api/v1/admin/requirements', press(['lockout']))).status).toBe(403);
  expect((await s.admin('GET', '/api/v1/admin/requirements')).body).toEqual(before);

  // Each attempt is an admin action in the audit log under the supervisor, refused or not: with the
  // setting off, another site's station, a role, the admin route; and the one saved.
  const log = (await s.admin('GET', '/api/v1/admin/audit-log?kind=admin-action&limit=100')).body.entries as Array<{ subject: string; detail: { action: string; status: number; target: unknown } }>;
  const mine = log.filter((e) => e.subject === 'sup-a@example.com' && e.detail.action === 'requirements.set');
  expect(mine.map((e) => e.detail.status).sort()).toEqual([200, 403, 403, 403, 403]);
  expect(mine.find((e) => e.detail.status === 200)!.detail.target).toEqual({ stations: ['site-a/press'] });
  expect(log.find((e) => e.detail.action === 'settings.set' && e.subject === 'admin@example.com')!.detail.target).toEqual({ supervisorsEditStationRequirements: true });

  // Turned off again: refused again.
  await s.admin('PUT', '/api/v1/admin/settings', { supervisorsEditStationRequirements: false });
  expect((await as(sup, 'PUT', '/api/v1/dashboard/requirements', press(['lockout']))).status).toBe(403);
});

it('the settings and the dashboard requirements routes are in the OpenAPI document', async () => {
  const doc = (await s.app.inject({ url: '/openapi.json' })).json();
  expect(doc.paths['/api/v1/admin/settings'].put.requestBody.content['application/json'].schema.properties).toHaveProperty('supervisorsEditStationRequirements');
  expect(doc.paths['/api/v1/dashboard/requirements'].put.requestBody).toBeDefined();
});

it("a supervisor's list of lessons to pick from holds the lessons for every site and their own site's, not another site's", async () => {
  const only = (site: string) => ({ id: `${site}-forklift`, version: 1, language: 'en', title: `Forklift at ${site}`, durationMinutes: 2, roles: [], cards: [{ kind: 'text', id: 'c1', markdown: 'x' }] });
  for (const site of ['site-a', 'site-b']) {
    await s.db.query('INSERT INTO lessons (id, language, version, site_id, json) VALUES ($1, $2, 1, $3, $4)', [only(site).id, 'en', site, JSON.stringify(only(site))]);
  }
  const ids = async (cookie: string) => ((await as(cookie, 'GET', '/api/v1/dashboard/requirements')).body.lessons as Array<{ id: string }>).map((l) => l.id);
  const supervisorSees = await ids(sup);
  expect(supervisorSees).toContain('site-a-forklift');
  expect(supervisorSees).toContain('lockout');
  expect(supervisorSees).not.toContain('site-b-forklift');
  expect(await ids(admin)).toEqual(expect.arrayContaining(['site-a-forklift', 'site-b-forklift', 'lockout']));
});
