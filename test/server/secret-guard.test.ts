import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLrsKey } from '../../server/admin';
import { createUser } from '../../server/dashboard/users';
import { enroll, seedSite, startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

/**
 * Issue 12 item 10, over real HTTP: refused secrets are rate-limited per IP address and per
 * credential, answered 429 unchecked once over, and audited without the secret. Each test sends
 * from its own loopback address (127.0.0.x) so the per-address counts are its own.
 */
let s: TestServer;
let port: number;
let t1: EnrolledTerminal;
let t2: EnrolledTerminal;
let lrs: { key: string; secret: string };
const PASSWORD = 'correct horse battery staple';
const WRONG = 'wrong-secret-AAAAAAAAAAAAAAAAAAAAAAAAAAAA';

beforeAll(async () => {
  s = await startTestServer({ secretGuardLimits: { failuresPerIp: 6, failuresPerCredential: 3, windowMs: 60_000 } });
  await seedSite(s, 'site-a', ['press']);
  t1 = await enroll(s, 'site-a', 'press');
  t2 = await enroll(s, 'site-a', 'press');
  lrs = await createLrsKey(s.db, 'reporting');
  await createUser(s.db, { email: 'ada@example.com', name: 'Ada', role: 'admin', password: PASSWORD });
  const base = await s.app.listen({ host: '0.0.0.0', port: 0 });
  port = Number(new URL(base.replace('0.0.0.0', '127.0.0.1')).port);
});
afterAll(() => s.close());
afterEach(() => vi.useRealTimers());

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { error?: string; message?: string };
}

/** One request from a chosen loopback address (fetch cannot pick its source address). */
function send(from: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, method, path, localAddress: from, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const pull = (from: string, bearer: string) => send(from, 'GET', '/api/v1/sync/pull', { authorization: `Bearer ${bearer}` });
const adminGet = (from: string, token: string) => send(from, 'GET', '/api/v1/admin/terminals', { authorization: `Bearer ${token}` });
const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

describe('issue 12 item 10: refused secrets are rate-limited and audited', () => {
  it('terminal bearer: 3 wrong credentials for one terminal id, then even its right credential is 429 unchecked; another terminal is not affected', async () => {
    for (let i = 0; i < 3; i++) expect((await pull('127.0.0.1', `${t1.terminalId}.${WRONG}${i}`)).status).toBe(401);
    const refused = await pull('127.0.0.1', `${t1.terminalId}.${t1.credential}`);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('too-many-failures');
    expect(refused.body.message).toMatch(/too many refused credentials from this terminal credential.*wait \d+ s/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await pull('127.0.0.1', `${t2.terminalId}.${t2.credential}`)).status).toBe(200);
  });

  it('per address: 6 refused secrets of any kind (admin tokens, enrollment codes) from one address, then its right admin token is 429; other addresses still work', async () => {
    for (let i = 0; i < 3; i++) expect((await adminGet('127.0.0.2', `${WRONG}${i}`)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await send('127.0.0.2', 'POST', '/api/v1/enroll', {}, { code: `NOPE-${i}-CODE`, terminalName: 'x' })).status).toBe(401);
    const refused = await adminGet('127.0.0.2', s.adminToken);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toContain('from this address');
    expect((await adminGet('127.0.0.1', s.adminToken)).status).toBe(200);
  });

  it('LRS Basic: 3 wrong secrets for one key id, then its right secret is 429', async () => {
    const statements = (auth: string) => send('127.0.0.3', 'GET', '/xapi/statements?limit=1', { authorization: auth, ...XAPI });
    for (let i = 0; i < 3; i++) expect((await statements(basic(lrs.key, `${WRONG}${i}`))).status).toBe(401);
    expect((await statements(basic(lrs.key, lrs.secret))).status).toBe(429);
  });

  it('dashboard login: 6 wrong passwords from one address (over several emails, so no account locks) and then the right one is 429', async () => {
    const login = (email: string, password: string) => send('127.0.0.4', 'POST', '/api/v1/dashboard/login', {}, { email, password });
    for (let i = 0; i < 6; i++) expect((await login(`guess${i % 3}@example.com`, `${WRONG}${i}`)).status).toBe(401);
    const refused = await login('ada@example.com', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('too-many-failures');
    expect((await send('127.0.0.5', 'POST', '/api/v1/dashboard/login', {}, { email: 'ada@example.com', password: PASSWORD })).status).toBe(200);
  });

  it('the audit log has a line per refused secret and one per limit reached, naming scheme, id and address but never the secret', async () => {
    const res = await adminGet('127.0.0.1', s.adminToken);
    expect(res.status).toBe(200);
    const log = await send('127.0.0.1', 'GET', '/api/v1/admin/audit-log?limit=1000', { authorization: `Bearer ${s.adminToken}` });
    const entries = (log.body as unknown as { entries: Array<{ kind: string; subject: string | null; ip: string; detail: { scheme?: string } }> }).entries;
    const failed = entries.filter((e) => e.kind === 'auth-failed');
    expect(failed.filter((e) => e.detail.scheme === 'terminal' && e.subject === t1.terminalId)).toHaveLength(3);
    expect(failed.filter((e) => e.detail.scheme === 'admin-token' && e.ip.endsWith('127.0.0.2'))).toHaveLength(3);
    expect(failed.filter((e) => e.detail.scheme === 'enrollment-code')).toHaveLength(3);
    expect(failed.filter((e) => e.detail.scheme === 'lrs-basic' && e.subject === lrs.key)).toHaveLength(3);
    const throttled = entries.filter((e) => e.kind === 'auth-throttled');
    expect(throttled.map((e) => e.detail.scheme).sort()).toEqual(['dashboard-login', 'enrollment-code', 'lrs-basic', 'terminal']);
    expect(entries.filter((e) => e.kind === 'login-failed')).toHaveLength(6);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(WRONG);
    expect(text).not.toContain('NOPE-');
  });

  it('the limit ends with its window: a minute later the terminal\'s right credential works again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect((await pull('127.0.0.1', `${t1.terminalId}.${t1.credential}`)).status).toBe(429);
    vi.setSystemTime(Date.now() + 61_000);
    expect((await pull('127.0.0.1', `${t1.terminalId}.${t1.credential}`)).status).toBe(200);
  });
});
