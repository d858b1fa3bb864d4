import { describe, expect, it } from 'vitest';
import { createDashboardApi, DashboardApiError } from '../../../renderer/dashboard/api';
import { loginErrorMessage } from '../../../renderer/dashboard/LoginPage';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    const call = { url, init };
    calls.push(call);
    return answer(call);
  }) as typeof fetch;
  return { calls, fetchFn };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('dashboard API client', () => {
  it('sends the CSRF header and JSON body on sign-in, and the filters on reads', async () => {
    const { calls, fetchFn } = fakeFetch((call) =>
      call.url.includes('overdue') ? json(200, { rows: [], total: 0, page: 1, pageSize: 100 }) : new Response(null, { status: 204 }),
    );
    const api = createDashboardApi(fetchFn);
    await api.login({ email: 'sup@a.test', password: 'pw' });
    await api.overdue({ site: 'a', role: 'lead' });
    expect(calls[0].url).toBe('/api/v1/dashboard/login');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.headers).toMatchObject({ 'X-Requested-With': 'shiftlearn', 'content-type': 'application/json' });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ email: 'sup@a.test', password: 'pw' });
    expect(calls[1].url).toBe('/api/v1/dashboard/overdue?site=a&role=lead&page=1');
  });

  it("passes the server's message through (a lockout says when to try again)", async () => {
    const { fetchFn } = fakeFetch(() => json(429, { error: 'locked-out', message: 'Too many failed sign-ins: try again in 15 minutes' }));
    const error = await createDashboardApi(fetchFn).login({ email: 'a@b.test', password: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DashboardApiError);
    expect(loginErrorMessage(error)).toBe('Too many failed sign-ins: try again in 15 minutes');
  });

  it('says "email or password is wrong" for a 401, not the raw server code', async () => {
    const { fetchFn } = fakeFetch(() => json(401, { error: 'bad-login', message: 'bad-login' }));
    const error = await createDashboardApi(fetchFn).login({ email: 'a@b.test', password: 'x' }).catch((e: unknown) => e);
    expect(loginErrorMessage(error)).toMatch(/email or password is wrong/i);
  });

  it('turns an answer of the wrong shape into a clear error instead of a broken page', async () => {
    const { fetchFn } = fakeFetch(() => json(200, { sites: 'nope' }));
    await expect(createDashboardApi(fetchFn).overview({})).rejects.toThrow(/unexpected shape/);
  });

  it('reports a network failure as "cannot be reached"', async () => {
    const api = createDashboardApi((async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    await expect(api.me()).rejects.toMatchObject({ status: 0, message: expect.stringMatching(/cannot be reached/) });
  });
});
