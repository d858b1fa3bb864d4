import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, setUserDisabled } from '../../server/dashboard/users';
import { PASSWORD, seedDashboard, signIn } from './dashboard-fixture';
import { startTestServer, type TestServer } from './helpers';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
  await seedDashboard(s);
});
afterAll(async () => s?.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'POST', url: '/api/v1/dashboard/login', payload: { email, password }, headers });

describe('login', () => {
  it('right password: me, and a session cookie that is HttpOnly, SameSite=Strict, Path=/', async () => {
    const res = await login('Sup-A@Example.com ', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email: 'sup-a@example.com', name: 'Sue Supervisor', role: 'supervisor', sites: [{ id: 'site-a', name: 'Site site-a' }], canEditRequirements: false });
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/^sl_session=[A-Za-z0-9_-]{43};/);
    expect(raw).toContain('HttpOnly');
    expect(raw).toContain('SameSite=Strict');
    expect(raw).toContain('Path=/');
    expect(raw).not.toContain('Secure');
  });

  it('Secure is set behind a TLS proxy that says so', async () => {
    const res = await login('sup-a@example.com', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(String(res.headers['set-cookie'])).toContain('Secure');
  });

  it('the session token is stored hashed, never as sent', async () => {
    const cookie = await signIn(s, 'admin@example.com');
    const token = cookie.split('=')[1];
    const stored = await s.db.query<{ token_hash: string }>('SELECT token_hash FROM dashboard_sessions');
    expect(stored.rows.some((r) => r.token_hash === token)).toBe(false);
  });

  it('wrong password and unknown email get the same 401', async () => {
    const a = await login('admin@example.com', 'not the password');
    const b = await login('nobody@example.com', 'whatever it is');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
    expect(a.headers['set-cookie']).toBeUndefined();
  });

  it('5 failures lock the email for 15 minutes, even for the right password; then it works again', async () => {
    await createUser(s.db, { email: 'locked@example.com', name: 'Lee', role: 'admin', password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await login('locked@example.com', `wrong ${i}`)).statusCode).toBe(401);
    const locked = await login('locked@example.com', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toContain('15 minutes');
    const start = s.clock.now;
    try {
      s.clock.now = new Date(start.getTime() + 14 * 60_000);
      expect((await login('locked@example.com', PASSWORD)).statusCode).toBe(429);
      s.clock.now = new Date(start.getTime() + 15 * 60_000 + 1000);
      expect((await login('locked@example.com', PASSWORD)).statusCode).toBe(200);
    } finally {
      s.clock.now = start;
    }
  });

  it('a disabled user cannot sign in and loses open sessions', async () => {
    await createUser(s.db, { email: 'leaver@example.com', name: 'Leaver', role: 'admin', password: PASSWORD });
    const cookie = await signIn(s, 'leaver@example.com');
    await setUserDisabled(s.db, 'leaver@example.com', true);
    expect((await s.app.inject({ url: '/api/v1/dashboard/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await login('leaver@example.com', PASSWORD)).statusCode).toBe(401);
  });

  it('a password reset (user create again) ends the sessions opened with the old password', async () => {
    await createUser(s.db, { email: 'reset@example.com', name: 'Rae', role: 'admin', password: PASSWORD });
    const cookie = await signIn(s, 'reset@example.com');
    await createUser(s.db, { email: 'reset@example.com', name: 'Rae', role: 'admin', password: 'a new long passphrase' });
    expect((await s.app.inject({ url: '/api/v1/dashboard/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await login('reset@example.com', 'a new long passphrase')).statusCode).toBe(200);
  });

  it('logout ends the session (it needs the CSRF header)', async () => {
    const cookie = await signIn(s, 'sup-a@example.com');
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/dashboard/logout', headers: { cookie } })).statusCode).toBe(403);
    const out = await s.app.inject({ method: 'POST', url: '/api/v1/dashboard/logout', headers: { cookie, 'x-requested-with': 'shiftlearn' } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/sl_session=;/);
    expect((await s.app.inject({ url: '/api/v1/dashboard/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('sessions expire after 12 hours', async () => {
    const cookie = await signIn(s, 'sup-a@example.com');
    const start = s.clock.now;
    try {
      s.clock.now = new Date(start.getTime() + 12 * 3_600_000 + 1);
      expect((await s.app.inject({ url: '/api/v1/dashboard/me', headers: { cookie } })).statusCode).toBe(401);
    } finally {
      s.clock.now = start;
    }
  });
});

describe('session check', () => {
  it('says whether the browser is signed in, and as whom, with a 200 either way (the page asks it on every load)', async () => {
    const session = (cookie?: string) => s.app.inject({ url: '/api/v1/dashboard/session', headers: cookie ? { cookie } : {} });
    const out = await session();
    expect([out.statusCode, out.json()]).toEqual([200, { signedIn: false, firstAdminNeeded: false }]);
    const cookie = await signIn(s, 'sup-a@example.com');
    const signedIn = await session(cookie);
    expect([signedIn.statusCode, signedIn.json()]).toEqual([200, { signedIn: true, me: (await s.app.inject({ url: '/api/v1/dashboard/me', headers: { cookie } })).json() }]);
    expect(signedIn.json().me.email).toBe('sup-a@example.com');
    expect((await session('sl_session=not-a-session')).json()).toEqual({ signedIn: false, firstAdminNeeded: false });
    const start = s.clock.now;
    try {
      s.clock.now = new Date(start.getTime() + 12 * 3_600_000 + 1000);
      expect((await session(cookie)).json()).toEqual({ signedIn: false, firstAdminNeeded: false });
    } finally {
      s.clock.now = start;
    }
  });
});

describe('a fresh server', () => {
  it('says nobody can sign in yet until a user exists, and again when every user is disabled', async () => {
    const fresh = await startTestServer();
    try {
      const firstAdminNeeded = async () => (await fresh.app.inject({ url: '/api/v1/dashboard/session' })).json().firstAdminNeeded;
      expect(await firstAdminNeeded()).toBe(true);
      await createUser(fresh.db, { email: 'it@example.com', name: 'Site IT', role: 'admin', password: PASSWORD });
      expect(await firstAdminNeeded()).toBe(false);
      await setUserDisabled(fresh.db, 'it@example.com', true);
      expect(await firstAdminNeeded()).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

describe('admin endpoints with a dashboard session', () => {
  const put = (cookie: string, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'PUT', url: '/api/v1/admin/requirements', payload: { roles: [{ role: 'welder', lessons: ['lockout'] }] }, headers: { cookie, ...headers } });

  it('an admin session works with X-Requested-With: shiftlearn and is refused without it', async () => {
    const cookie = await signIn(s, 'admin@example.com');
    const noHeader = await put(cookie);
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error).toBe('csrf');
    expect((await put(cookie, { 'x-requested-with': 'shiftlearn' })).statusCode).toBe(200);
    expect((await s.app.inject({ url: '/api/v1/admin/requirements', headers: { cookie } })).json().roles).toEqual([{ role: 'welder', lessons: ['lockout'], skills: [], recertDays: null, effectiveFrom: null }]);
  });

  it('a supervisor session is not an admin', async () => {
    const cookie = await signIn(s, 'sup-a@example.com');
    const res = await put(cookie, { 'x-requested-with': 'shiftlearn' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('admin-only');
  });
});

describe('what the browser keeps', () => {
  it('API answers (names, scores, sessions) are never stored by the browser or a proxy, refusals included, and none is sniffed as another type', async () => {
    const cookie = await signIn(s, 'sup-a@example.com');
    const answers = [
      await s.app.inject({ url: '/api/v1/dashboard/overdue?site=site-a', headers: { cookie } }),
      await login('sup-a@example.com', PASSWORD),
      await s.app.inject({ url: '/api/v1/dashboard/me' }),
      await s.app.inject({ url: '/api/v1/no-such-thing', headers: { cookie } }),
      await s.app.inject({ url: '/xapi/statements' }),
    ];
    expect(answers.map((r) => [r.statusCode, r.headers['cache-control'], r.headers['x-content-type-options']])).toEqual([
      [200, 'no-store', 'nosniff'],
      [200, 'no-store', 'nosniff'],
      [401, 'no-store', 'nosniff'],
      [404, 'no-store', 'nosniff'],
      [400, 'no-store', 'nosniff'],
    ]);
  });

  it('over https (or a TLS proxy saying so) the browser is told to stay on https; over plain http it is not', async () => {
    const overHttps = await s.app.inject({ url: '/dashboard/', headers: { 'x-forwarded-proto': 'https' } });
    const overHttp = await s.app.inject({ url: '/dashboard/' });
    expect(overHttps.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(overHttp.headers['strict-transport-security']).toBeUndefined();
  });
});
