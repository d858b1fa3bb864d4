import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/dashboard/users';
import { startTestServer, type TestServer } from './helpers';

/** Issue 12 item 1, over real HTTP: the dashboard lockout holds against a burst of parallel guesses. */
let s: TestServer;
let base: string;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  s = await startTestServer();
  await createUser(s.db, { email: 'burst@example.com', name: 'Bea', role: 'admin', password: PASSWORD });
  await createUser(s.db, { email: 'slow@example.com', name: 'Sol', role: 'admin', password: PASSWORD });
  base = await s.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => s.close());

const login = (email: string, password: string) =>
  fetch(`${base}/api/v1/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

const auditLog = async (query = '') => {
  const res = await fetch(`${base}/api/v1/admin/audit-log${query}`, { headers: { authorization: `Bearer ${s.adminToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { entries: Array<{ kind: string; subject: string | null; ip: string | null; detail: Record<string, unknown> }>; nextBefore: number | null };
};

describe('issue 12 item 1: dashboard login lockout under concurrency', () => {
  it('1 earlier failure + 39 parallel wrong guesses: at most 5 are checked, the rest refused 429 unchecked, and the right password is refused while locked', async () => {
    expect((await login('burst@example.com', 'first wrong guess')).status).toBe(401);
    const burst = await Promise.all(Array.from({ length: 39 }, (_, i) => login('burst@example.com', `wrong guess ${i}`)));
    const statuses = burst.map((r) => r.status);
    const checked = statuses.filter((st) => st === 401).length;
    expect(checked).toBe(4);
    expect(statuses.filter((st) => st === 429).length).toBe(35);

    const right = await login('burst@example.com', PASSWORD);
    expect(right.status).toBe(429);
    expect((await right.json()).message).toContain('15 minutes');
    expect(right.headers.get('set-cookie')).toBeNull();

    const { entries } = await auditLog('?kind=login-failed');
    expect(entries.filter((e) => e.subject === 'burst@example.com')).toHaveLength(5);
    const locks = (await auditLog('?kind=login-locked')).entries.filter((e) => e.subject === 'burst@example.com');
    expect(locks).toHaveLength(1);
    expect(locks[0].ip).toBe('127.0.0.1');
    expect(JSON.stringify(await auditLog())).not.toContain('wrong guess');

    const start = s.clock.now;
    try {
      s.clock.now = new Date(start.getTime() + 15 * 60_000 + 1000);
      expect((await login('burst@example.com', PASSWORD)).status).toBe(200);
    } finally {
      s.clock.now = start;
    }
  });

  it('a burst on a fresh account: exactly 5 checked, then locked', async () => {
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login('slow@example.com', `guess ${i}`)));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(35);
    expect((await login('slow@example.com', PASSWORD)).status).toBe(429);
  });

  it('the audit log pages newest first and refuses an unknown kind naming the field', async () => {
    const page = await auditLog('?limit=2');
    expect(page.entries).toHaveLength(2);
    expect(page.nextBefore).toBe((page.entries[1] as unknown as { id: number }).id);
    const older = await auditLog(`?limit=2&before=${page.nextBefore}`);
    expect((older.entries[0] as unknown as { id: number }).id).toBeLessThan(page.nextBefore!);
    const bad = await fetch(`${base}/api/v1/admin/audit-log?kind=nope`, { headers: { authorization: `Bearer ${s.adminToken}` } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toContain('kind');
  });
});
