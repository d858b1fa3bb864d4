import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLrsKey } from '../../server/admin';
import { enroll, seedSite, startTestServer, XAPI, type TestServer } from './helpers';

/** The document resources (State, Activity Profile, Agent Profile), Activities, Agents, and HEAD (Communication 1.1, 2.2-2.7). */

let s: TestServer;
let h: Record<string, string>;
let readOnly: Record<string, string>;

const basic = (key: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, ...XAPI });
const agent = () => ({ objectType: 'Agent', mbox: `mailto:${randomUUID()}@example.com` });
const activityId = () => `http://example.com/activities/${randomUUID()}`;
const qs = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
const call = (method: Method, url: string, params: Record<string, unknown>, body?: unknown, headers: Record<string, string> = {}) =>
  s.app.inject({
    method,
    url: `/xapi${url}?${qs(params)}`,
    headers: { ...h, ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }), ...headers },
    payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  s = await startTestServer();
  const w = await createLrsKey(s.db, 'docs', true);
  h = basic(w.key, w.secret);
  const r = await createLrsKey(s.db, 'docs-read', false);
  readOnly = basic(r.key, r.secret);
});
afterAll(() => s.close());

describe('Communication 2.3 State Resource', () => {
  it('Communication 2.3 PUT, GET with its content type and ETag, POST merges JSON, DELETE', async () => {
    const key = { activityId: activityId(), agent: agent(), stateId: 'bookmark' };
    expect((await call('PUT', '/activities/state', key, { page: 1, a: 'x' })).statusCode).toBe(204);
    const got = await call('GET', '/activities/state', key);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ page: 1, a: 'x' });
    expect(got.headers['content-type']).toMatch(/application\/json/);
    expect(got.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(got.headers['last-modified']).toBeDefined();
    expect((await call('POST', '/activities/state', key, { page: 2, b: true })).statusCode).toBe(204);
    expect((await call('GET', '/activities/state', key)).json()).toEqual({ page: 2, a: 'x', b: true });
    expect((await call('DELETE', '/activities/state', key)).statusCode).toBe(204);
    expect((await call('GET', '/activities/state', key)).statusCode).toBe(404);
  });

  it('Communication 2.3 registration keeps states apart; ids list with since; delete without stateId clears the context', async () => {
    const base = { activityId: activityId(), agent: agent() };
    const registration = randomUUID();
    expect((await call('PUT', '/activities/state', { ...base, stateId: 's1' }, 'one')).statusCode).toBe(204);
    expect((await call('PUT', '/activities/state', { ...base, stateId: 's2', registration }, 'two')).statusCode).toBe(204);
    expect((await call('GET', '/activities/state', { ...base, stateId: 's2' })).statusCode).toBe(404);
    const text = await call('GET', '/activities/state', { ...base, stateId: 's2', registration });
    expect(text.body).toBe('two');
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect((await call('GET', '/activities/state', base)).json()).toEqual(['s1', 's2']);
    expect((await call('GET', '/activities/state', { ...base, registration })).json()).toEqual(['s2']);
    expect((await call('GET', '/activities/state', { ...base, since: new Date(Date.now() + 60_000).toISOString() })).json()).toEqual([]);
    expect((await call('DELETE', '/activities/state', base)).statusCode).toBe(204);
    expect((await call('GET', '/activities/state', base)).json()).toEqual([]);
  });

  it('Communication 2.3 missing or malformed key parameters are 400 naming the section', async () => {
    const res = await call('PUT', '/activities/state', { activityId: activityId(), stateId: 'x' }, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/agent: required.*Communication 2\.3/);
    expect((await call('GET', '/activities/state', { activityId: 'not an iri', agent: agent() })).statusCode).toBe(400);
    expect((await call('GET', '/activities/state', { activityId: activityId(), agent: agent(), StateId: 'x' })).statusCode).toBe(400);
  });

  it('Communication 2.2 POST merges only JSON objects', async () => {
    const key = { activityId: activityId(), agent: agent(), stateId: 'x' };
    expect((await call('PUT', '/activities/state', key, 'plain text')).statusCode).toBe(204);
    expect((await call('POST', '/activities/state', key, { a: 1 })).statusCode).toBe(400);
    expect((await call('POST', '/activities/state', { ...key, stateId: 'y' }, '[1]', { 'content-type': 'application/json' })).statusCode).toBe(400);
  });
});

describe('Communication 3.1 Concurrency', () => {
  it('Communication 3.1 profiles: If-Match/If-None-Match give 412, PUT over an existing profile without them 409', async () => {
    const key = { activityId: activityId(), profileId: 'settings' };
    expect((await call('PUT', '/activities/profile', key, { v: 1 }, { 'if-none-match': '*' })).statusCode).toBe(204);
    expect((await call('PUT', '/activities/profile', key, { v: 2 }, { 'if-none-match': '*' })).statusCode).toBe(412);
    expect((await call('PUT', '/activities/profile', key, { v: 2 })).statusCode).toBe(409);
    const etag = String((await call('GET', '/activities/profile', key)).headers.etag);
    expect((await call('PUT', '/activities/profile', key, { v: 2 }, { 'if-match': '"0000000000000000000000000000000000000000"' })).statusCode).toBe(412);
    expect((await call('PUT', '/activities/profile', key, { v: 2 }, { 'if-match': etag })).statusCode).toBe(204);
    expect((await call('GET', '/activities/profile', key)).json()).toEqual({ v: 2 });
    expect((await call('DELETE', '/activities/profile', key, undefined, { 'if-match': etag })).statusCode).toBe(412);
  });
});

describe('Communication 2.6 Agent Profile and 2.4 Agents, 2.7 Activity Profile and 2.5 Activities', () => {
  it('Communication 2.6 agent profiles are kept per agent', async () => {
    const a = agent();
    expect((await call('PUT', '/agents/profile', { agent: a, profileId: 'prefs' }, { lang: 'es' })).statusCode).toBe(204);
    expect((await call('GET', '/agents/profile', { agent: a, profileId: 'prefs' })).json()).toEqual({ lang: 'es' });
    expect((await call('GET', '/agents/profile', { agent: agent(), profileId: 'prefs' })).statusCode).toBe(404);
    expect((await call('GET', '/agents/profile', { agent: a })).json()).toEqual(['prefs']);
  });

  it('Communication 2.5 GET activities returns the merged canonical definition', async () => {
    const id = activityId();
    const st = (definition: object) => ({ actor: agent(), verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id, definition } });
    expect((await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: h, payload: [st({ name: { en: 'Lockout' }, type: 'http://example.com/t1' }), st({ name: { es: 'Bloqueo' } })] })).statusCode).toBe(200);
    const res = await call('GET', '/activities', { activityId: id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ objectType: 'Activity', id, definition: { name: { en: 'Lockout', es: 'Bloqueo' }, type: 'http://example.com/t1' } });
  });

  it('Communication 2.4 GET agents returns the Person object', async () => {
    const a = { ...agent(), name: 'Ana' };
    expect((await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: h, payload: { actor: a, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: activityId() } } })).statusCode).toBe(200);
    const res = await call('GET', '/agents', { agent: { mbox: a.mbox } });
    expect(res.json()).toEqual({ objectType: 'Person', name: ['Ana'], mbox: [a.mbox] });
  });
});

describe('Communication 1.1 HEAD and access', () => {
  it('Communication 1.1 HEAD answers like GET without a body, on every resource', async () => {
    const key = { activityId: activityId(), agent: agent(), stateId: 'x' };
    expect((await call('PUT', '/activities/state', key, { a: 1 })).statusCode).toBe(204);
    const head = await call('HEAD', '/activities/state', key);
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe((await call('GET', '/activities/state', key)).headers.etag);
    for (const [url, params] of [['/statements', {}], ['/activities', { activityId: key.activityId }], ['/agents', { agent: key.agent }], ['/agents/profile', { agent: key.agent }], ['/activities/profile', { activityId: key.activityId }], ['/about', {}]] as const) {
      const res = await call('HEAD', url, params);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe('');
    }
  });

  it('a read-only LRS key reads documents but cannot write them; a terminal cannot use them', async () => {
    const key = { activityId: activityId(), agent: agent(), stateId: 'x' };
    expect((await call('PUT', '/activities/state', key, { a: 1 }, readOnly)).statusCode).toBe(403);
    expect((await call('GET', '/activities/state', { activityId: key.activityId, agent: key.agent }, undefined, readOnly)).statusCode).toBe(200);
    await seedSite(s, 'plant-2', ['press-line-4']);
    const t = await enroll(s, 'plant-2', 'press-line-4');
    expect((await call('GET', '/activities/state', key, undefined, { ...t.headers, ...XAPI, authorization: t.headers.authorization })).statusCode).toBe(403);
  });

  it('Communication 1.3 documents through the alternate syntax', async () => {
    const key = { activityId: activityId(), agent: JSON.stringify(agent()), stateId: 'alt' };
    const form = (method: string, fields: Record<string, string>) =>
      s.app.inject({ method: 'POST', url: `/xapi/activities/state?method=${method}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...key, Authorization: h.authorization, 'X-Experience-API-Version': '1.0.3', ...fields }).toString() });
    expect((await form('PUT', { 'Content-Type': 'application/json', content: '{"x":1}' })).statusCode).toBe(204);
    const got = await form('GET', {});
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ x: 1 });
  });
});
