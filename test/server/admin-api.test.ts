import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, newCode, seedSite, startTestServer, type TestServer } from './helpers';

/** Every admin action over HTTP (issue 14): nothing needs the server stopped or a database shell. */

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant-2', ['press-line-4', 'dock']);
});
afterAll(async () => s?.close());

describe('sites and stations', () => {
  it('lists each site with its stations; POST on an existing id renames it', async () => {
    expect((await s.admin('POST', '/api/v1/admin/stations', { siteId: 'plant-2', id: 'dock', name: 'Loading dock' })).status).toBe(201);
    const { sites } = (await s.admin('GET', '/api/v1/admin/sites')).body;
    expect(sites).toEqual([{ id: 'plant-2', name: 'Site plant-2', stations: [{ id: 'dock', name: 'Loading dock' }, { id: 'press-line-4', name: 'Station press-line-4' }] }]);
  });
});

describe('dashboard users', () => {
  const login = (email: string, password: string) => s.app.inject({ method: 'POST', url: '/api/v1/dashboard/login', payload: { email, password } });

  it('create, change role and scope, reset the password: each change of scope or password ends open sessions', async () => {
    const created = await s.admin('POST', '/api/v1/admin/users', { email: 'Sue@Plant2.example', name: 'Sue', role: 'supervisor', sites: ['plant-2'], password: 'a long password 1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'sue@plant2.example', role: 'supervisor', sites: ['plant-2'] });
    expect(JSON.stringify((await s.admin('GET', '/api/v1/admin/users')).body)).not.toContain('password');
    const cookie = String((await login('sue@plant2.example', 'a long password 1')).headers['set-cookie']).split(';')[0];
    const me = () => s.app.inject({ url: '/api/v1/dashboard/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);

    const promoted = await s.admin('PATCH', `/api/v1/admin/users/${created.body.id}`, { role: 'admin' });
    expect(promoted.body.role).toBe('admin');
    expect((await me()).statusCode).toBe(401);

    expect((await s.admin('PATCH', `/api/v1/admin/users/${created.body.id}`, { role: 'supervisor', sites: [] })).status).toBe(400);
    expect((await s.admin('PATCH', `/api/v1/admin/users/${created.body.id}`, { role: 'supervisor', sites: ['nowhere'] })).body.error).toBe('site-not-found');

    expect((await s.admin('PUT', `/api/v1/admin/users/${created.body.id}/password`, { password: 'short' })).status).toBe(400);
    expect((await s.admin('PUT', `/api/v1/admin/users/${created.body.id}/password`, { password: 'another long password' })).status).toBe(200);
    expect((await login('sue@plant2.example', 'a long password 1')).statusCode).toBe(401);
    expect((await login('sue@plant2.example', 'another long password')).statusCode).toBe(200);
  });
});

describe('LRS keys', () => {
  const basic = (key: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'x-experience-api-version': '1.0.3' });

  it('read-only by default, the secret shown only in the create answer, revoked at once', async () => {
    const created = await s.admin('POST', '/api/v1/admin/lrs-keys', { label: 'Power BI' });
    expect(created.status).toBe(201);
    const { key, secret, write } = created.body;
    expect(write).toBe(false);
    const listed = (await s.admin('GET', '/api/v1/admin/lrs-keys')).body.keys;
    expect(listed).toEqual([expect.objectContaining({ key, label: 'Power BI', write: false, revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(secret);

    expect((await s.app.inject({ url: '/xapi/statements', headers: basic(key, secret) })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: basic(key, secret), payload: [{}] })).json().error).toBe('read-only-key');
    expect((await s.admin('POST', `/api/v1/admin/lrs-keys/${key}/revoke`)).status).toBe(200);
    expect((await s.app.inject({ url: '/xapi/statements', headers: basic(key, secret) })).statusCode).toBe(401);
    expect((await s.admin('POST', '/api/v1/admin/lrs-keys/lrs_nope/revoke')).status).toBe(404);
  });
});

describe('enrollment codes', () => {
  it('listed without the code, with their state; a revoked code cannot enroll; a used one is revoked through its terminal', async () => {
    const code = await newCode(s, 'plant-2', 'dock');
    const { codes } = (await s.admin('GET', '/api/v1/admin/enrollment-codes')).body;
    expect(codes[0]).toMatchObject({ siteId: 'plant-2', stationId: 'dock', status: 'pending', usedAt: null });
    expect(JSON.stringify(codes)).not.toContain(code);

    expect((await s.admin('POST', `/api/v1/admin/enrollment-codes/${codes[0].id}/revoke`)).status).toBe(200);
    const refused = await s.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, terminalName: 'kiosk' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toBe('enrollment-code-revoked');
    expect((await s.admin('GET', '/api/v1/admin/enrollment-codes')).body.codes[0].status).toBe('revoked');

    await enroll(s, 'plant-2', 'press-line-4');
    const used = (await s.admin('GET', '/api/v1/admin/enrollment-codes')).body.codes[0];
    expect(used.status).toBe('used');
    const again = await s.admin('POST', `/api/v1/admin/enrollment-codes/${used.id}/revoke`);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('revoke the terminal instead');
  });
});

it('the OpenAPI document describes every admin action with its request schema', async () => {
  const doc = (await s.app.inject({ url: '/openapi.json' })).json();
  const paths = doc.paths as Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>;
  for (const [path, method] of [
    ['/api/v1/admin/sites', 'get'],
    ['/api/v1/admin/sites', 'post'],
    ['/api/v1/admin/stations', 'post'],
    ['/api/v1/admin/users', 'post'],
    ['/api/v1/admin/users/{id}', 'patch'],
    ['/api/v1/admin/users/{id}/password', 'put'],
    ['/api/v1/admin/lrs-keys', 'post'],
    ['/api/v1/admin/lrs-keys/{key}/revoke', 'post'],
    ['/api/v1/admin/enrollment-codes', 'get'],
    ['/api/v1/admin/enrollment-codes/{id}/revoke', 'post'],
    ['/api/v1/admin/requirements', 'put'],
    ['/api/v1/admin/lessons', 'get'],
  ] as const) {
    expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(paths[path][method].security).toEqual([{ admin: [] }, { dashboardSession: [] }]);
  }
  expect(paths['/api/v1/admin/users']['post'].requestBody).toBeDefined();
});
