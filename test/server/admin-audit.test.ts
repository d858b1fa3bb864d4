import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ACTIONS } from '../../server/audit/admin-actions';
import { createUser } from '../../server/dashboard/users';
import { seedSite, startTestServer, type TestServer } from './helpers';

/** Issue 14: every state-changing admin call, from a dashboard session or an admin token, is in the audit log. */

interface Entry {
  id: number;
  kind: string;
  subject: string | null;
  ip: string | null;
  detail: { actor: Record<string, unknown>; method: string; route: string; action: string; target: Record<string, unknown>; status: number };
}

let s: TestServer;
let base: string;
const ADMIN_PASSWORD = 'admin password never logged';
const SUPERVISOR_PASSWORD = 'supervisor password never logged';

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant-2', ['press-line-4']);
  await createUser(s.db, { email: 'it@plant2.example', name: 'Site IT', role: 'admin', password: ADMIN_PASSWORD });
  await createUser(s.db, { email: 'sue@plant2.example', name: 'Sue', role: 'supervisor', sites: ['plant-2'], password: SUPERVISOR_PASSWORD });
  base = await s.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => s?.close());

async function session(email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}

/** A dashboard page's call: the session cookie and, unless left out on purpose, the CSRF header. */
async function asUser(cookie: string, method: string, path: string, body?: unknown, csrf = true) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(csrf ? { 'x-requested-with': 'shiftlearn' } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function asToken(method: string, path: string, body?: string, contentType = 'application/json') {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${s.adminToken}`, ...(body === undefined ? {} : { 'content-type': contentType }) }, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function adminActions(): Promise<Entry[]> {
  const res = await asToken('GET', '/api/v1/admin/audit-log?kind=admin-action&limit=1000');
  expect(res.status).toBe(200);
  return res.body.entries as Entry[];
}
const newest = async () => (await adminActions())[0];

describe('issue 14: admin actions in the audit log', () => {
  it('a dashboard admin creating a site, a user, an LRS key, an enrollment code and an admin token: who, what, target ids and status for each', async () => {
    const cookie = await session('it@plant2.example', ADMIN_PASSWORD);
    const before = (await adminActions()).length;

    expect((await asUser(cookie, 'POST', '/api/v1/admin/sites', { id: 'plant-3', name: 'Plant 3' })).status).toBe(201);
    const site = await newest();
    expect(site).toMatchObject({
      kind: 'admin-action',
      subject: 'it@plant2.example',
      ip: '127.0.0.1',
      detail: { actor: { type: 'dashboard-user', email: 'it@plant2.example' }, method: 'POST', route: '/api/v1/admin/sites', action: 'site.save', target: { siteId: 'plant-3' }, status: 201 },
    });
    expect(site.detail.actor.id).toMatch(/^[0-9a-f-]{36}$/);

    const user = await asUser(cookie, 'POST', '/api/v1/admin/users', { email: 'new@plant2.example', name: 'New', role: 'supervisor', sites: ['plant-2'], password: 'brand new secret password' });
    expect(user.status).toBe(201);
    expect((await newest()).detail).toMatchObject({ action: 'user.save', target: { userId: user.body.id, email: 'new@plant2.example', role: 'supervisor' }, status: 201 });

    expect((await asUser(cookie, 'PUT', `/api/v1/admin/users/${user.body.id}/password`, { password: 'reset secret password' })).status).toBe(200);
    expect((await newest()).detail).toMatchObject({ route: '/api/v1/admin/users/:id/password', action: 'user.reset-password', target: { userId: user.body.id }, status: 200 });

    const key = await asUser(cookie, 'POST', '/api/v1/admin/lrs-keys', { label: 'Power BI' });
    expect(key.status).toBe(201);
    expect((await newest()).detail).toMatchObject({ action: 'lrs-key.create', target: { key: key.body.key, label: 'Power BI', write: false } });

    const code = await asUser(cookie, 'POST', '/api/v1/admin/enrollment-codes', { siteId: 'plant-2', stationId: 'press-line-4' });
    expect(code.status).toBe(201);
    expect((await newest()).detail).toMatchObject({ action: 'enrollment-code.create', target: { codeId: code.body.id, siteId: 'plant-2', stationId: 'press-line-4' } });
    // The id in the create answer is the one the code list shows and revoke takes.
    expect((await asUser(cookie, 'GET', '/api/v1/admin/enrollment-codes')).body.codes.map((c: { id: string }) => c.id)).toContain(code.body.id);

    const token = await asUser(cookie, 'POST', '/api/v1/admin/admin-tokens', { label: 'publisher' });
    expect(token.status).toBe(201);
    expect((await newest()).detail).toMatchObject({ action: 'admin-token.create', target: { tokenId: token.body.id, label: 'publisher' } });

    // Reads are not actions.
    expect((await asUser(cookie, 'GET', '/api/v1/admin/users')).status).toBe(200);
    expect(await adminActions()).toHaveLength(before + 6);

    const everything = JSON.stringify(await adminActions());
    for (const secret of [ADMIN_PASSWORD, 'brand new secret password', 'reset secret password', key.body.secret, code.body.code, token.body.token, cookie.split('=')[1]]) {
      expect(typeof secret).toBe('string');
      expect(everything).not.toContain(secret);
    }
  });

  it('an admin token revoking an LRS key is recorded under the token label and id', async () => {
    const key = await asToken('POST', '/api/v1/admin/lrs-keys', JSON.stringify({ label: 'to revoke', write: true }));
    expect((await asToken('POST', `/api/v1/admin/lrs-keys/${key.body.key}/revoke`)).status).toBe(200);
    const entry = await newest();
    expect(entry.subject).toBe('tests');
    expect(entry.detail).toMatchObject({ actor: { type: 'admin-token', label: 'tests' }, route: '/api/v1/admin/lrs-keys/:key/revoke', action: 'lrs-key.revoke', target: { key: key.body.key }, status: 200 });
    expect(JSON.stringify(await adminActions())).not.toContain(key.body.secret);
  });

  it('refused calls are recorded with their status: a supervisor (403), a missing CSRF header (403), a bad body (400)', async () => {
    const key = await asToken('POST', '/api/v1/admin/lrs-keys', JSON.stringify({ label: 'kept' }));
    const sue = await session('sue@plant2.example', SUPERVISOR_PASSWORD);
    expect((await asUser(sue, 'POST', `/api/v1/admin/lrs-keys/${key.body.key}/revoke`)).status).toBe(403);
    expect(await newest()).toMatchObject({
      subject: 'sue@plant2.example',
      detail: { actor: { type: 'dashboard-user', email: 'sue@plant2.example' }, action: 'lrs-key.revoke', target: { key: key.body.key }, status: 403 },
    });

    // Refused before its body is read: the entry has the caller, the route and the status.
    const it_ = await session('it@plant2.example', ADMIN_PASSWORD);
    expect((await asUser(it_, 'POST', '/api/v1/admin/sites', { id: 'no-csrf', name: 'No CSRF' }, false)).status).toBe(403);
    expect(await newest()).toMatchObject({ subject: 'it@plant2.example', detail: { route: '/api/v1/admin/sites', action: 'site.save', status: 403 } });

    const bad = await asUser(it_, 'POST', '/api/v1/admin/users', { email: 'x@plant2.example', name: 'X', role: 'admin', password: 'short' });
    expect(bad.status).toBe(400);
    const entry = await newest();
    expect(entry.detail).toMatchObject({ action: 'user.save', target: { email: 'x@plant2.example', role: 'admin' }, status: 400 });
    expect(entry.detail.target).not.toHaveProperty('userId');
    expect(JSON.stringify(entry)).not.toContain('short');
  });

  it('a roster import is recorded with what it changed; its dry run changes nothing and is not', async () => {
    const csv = 'badge_id,employee_id,name,language,site,roles,stations,supervisor\n99887766,E9001,Ana Ruiz,es,plant-2,press-operator,press-line-4,no\n';
    const before = (await adminActions()).length;
    expect((await asToken('POST', '/api/v1/admin/roster/import?dryRun=true', csv, 'text/csv')).status).toBe(200);
    expect(await adminActions()).toHaveLength(before);
    const applied = await asToken('POST', '/api/v1/admin/roster/import', csv, 'text/csv');
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect((await newest()).detail).toMatchObject({ action: 'roster.import', target: { sites: ['plant-2'], added: 1 }, status: 200 });
    expect(JSON.stringify(await adminActions())).not.toContain('99887766');
  });

  it('every state-changing admin route in the OpenAPI document names its action', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method, op]) => method !== 'get' && op.tags?.includes('admin'))
        .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => !(r in ADMIN_ACTIONS))).toEqual([]);
  });
});
