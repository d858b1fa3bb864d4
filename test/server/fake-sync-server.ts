import { randomUUID } from 'node:crypto';
import type { FetchLike } from '../../electron/core/sync/sync-http';
import { EMPLOYEE, SITE, STATION } from './kiosk-sync-fixture';

/**
 * The server's sync API as an in-process fetch, for tests that run on a fake clock (real sockets
 * do not advance with fake timers). It answers like the real server: enrollment, a pull page with
 * the one worker, statements stored once by id, /healthz; `up` false refuses connections.
 */
export interface FakeSyncServer {
  fetch: FetchLike;
  up: boolean;
  stored: Set<string>;
  /** Requests seen, as "METHOD /path". */
  requests: string[];
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export function fakeSyncServer(): FakeSyncServer {
  const server: FakeSyncServer = {
    up: true,
    stored: new Set(),
    requests: [],
    fetch: async (url, init) => {
      const { pathname } = new URL(url);
      const method = init?.method ?? 'GET';
      server.requests.push(`${method} ${pathname}`);
      if (!server.up) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      if (pathname === '/healthz') return json(200, { status: 'ok' });
      if (pathname === '/api/v1/enroll') {
        return json(200, { terminalId: randomUUID(), credential: 'c'.repeat(43), site: { id: SITE, name: 'Plant 2' }, station: { id: STATION, name: 'Press line 4' } });
      }
      if (pathname === '/api/v1/sync/pull') {
        const cursor = Number(new URL(url).searchParams.get('cursor'));
        const worker = { employeeId: EMPLOYEE, displayName: 'Ana Lopez', language: 'en', siteId: SITE, roles: ['operator'], stations: [STATION], active: true };
        return json(200, { changes: cursor < 1 ? [{ seq: 1, kind: 'worker', op: 'upsert', data: worker }] : [], nextCursor: 1, hasMore: false });
      }
      if (pathname === '/xapi/statements' && method === 'POST') {
        const ids = (JSON.parse(String(init?.body)) as { id: string }[]).map((s) => s.id);
        ids.forEach((id) => server.stored.add(id));
        return json(200, ids);
      }
      return json(404, { error: 'not-found', message: `no endpoint ${method} ${pathname}` });
    },
  };
  return server;
}
