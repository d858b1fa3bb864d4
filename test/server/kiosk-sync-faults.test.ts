import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listQuarantined, outboxCounts } from '../../electron/core/sync/outbox-repo';
import type { FetchLike } from '../../electron/core/sync/sync-http';
import { fakeSyncServer } from './fake-sync-server';
import { enrollmentCode, openKiosk, recordCompletions, seedPlant, startLiveServer, storedCount, tempDataDir, type LiveServer } from './kiosk-sync-fixture';

/** Issue 11: faults between a terminal and the server that must never strand a completion. */

let s: LiveServer;
const dirs: string[] = [];

beforeAll(async () => {
  s = await startLiveServer();
  await seedPlant(s);
});
afterAll(async () => {
  await s.dispose();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
afterEach(() => vi.useRealTimers());

async function enrolledKiosk(fetchFn: FetchLike) {
  const dir = tempDataDir();
  dirs.push(dir);
  const kiosk = openKiosk(dir, s.url, await enrollmentCode(s), fetchFn);
  expect(await kiosk.sync.syncNow()).toBe('ok');
  return kiosk;
}

const isUpload = (url: string, init?: RequestInit) => new URL(url).pathname === '/xapi/statements' && init?.method === 'POST';

describe('faults between terminal and server (issue 11)', () => {
  it('repro 1: a proxy answering uploads with an HTML 400 quarantines nothing; all reach the server when it recovers', async () => {
    let proxyBroken = false;
    const kiosk = await enrolledKiosk(async (url, init) => {
      if (proxyBroken && isUpload(url, init)) return new Response('<html><body><h1>400 Bad Request</h1><hr>nginx</body></html>', { status: 400, headers: { 'content-type': 'text/html' } });
      return fetch(url, init);
    });
    const ids = recordCompletions(kiosk.store, 69);
    proxyBroken = true;
    expect(await kiosk.sync.syncNow()).toBe('failed');
    expect(outboxCounts(kiosk.store.db)).toEqual({ queued: 69, quarantined: 0 });
    proxyBroken = false;
    expect(await kiosk.sync.syncNow()).toBe('ok');
    expect(await storedCount(s, ids)).toEqual({ rows: 69, distinct: 69 });
    expect(outboxCounts(kiosk.store.db)).toEqual({ queued: 0, quarantined: 0 });
    await kiosk.close();
  });

  it('repro 1: a proxy 403 or 413 without this server\'s answer quarantines nothing; a 413 splits the batch', async () => {
    let limit = 0;
    let forbidden = true;
    const kiosk = await enrolledKiosk(async (url, init) => {
      if (isUpload(url, init)) {
        if (forbidden) return new Response('Forbidden', { status: 403 });
        if ((JSON.parse(String(init!.body)) as unknown[]).length > limit) return new Response('<html>413 Request Entity Too Large</html>', { status: 413 });
      }
      return fetch(url, init);
    });
    const ids = recordCompletions(kiosk.store, 40);
    expect(await kiosk.sync.syncNow()).toBe('failed');
    expect(outboxCounts(kiosk.store.db)).toEqual({ queued: 40, quarantined: 0 });
    forbidden = false;
    // the proxy takes no statement at all for a while: each waits, none is given up
    await kiosk.sync.syncNow();
    expect(outboxCounts(kiosk.store.db)).toEqual({ queued: 40, quarantined: 0 });
    limit = 10;
    kiosk.store.db.prepare("UPDATE outbox SET next_try_at = '2000-01-01T00:00:00.000Z'").run();
    expect(await kiosk.sync.syncNow()).toBe('ok');
    expect(await storedCount(s, ids)).toEqual({ rows: 40, distinct: 40 });
    expect(outboxCounts(kiosk.store.db)).toEqual({ queued: 0, quarantined: 0 });
    await kiosk.close();
  });

  it('repro 2: one statement the server always fails on does not block the rest of the queue, nor pull', async () => {
    let poison = '';
    const kiosk = await enrolledKiosk(async (url, init) => {
      if (isUpload(url, init) && String(init!.body).includes(poison)) {
        return new Response(JSON.stringify({ error: 'internal', message: 'the server failed to handle this request' }), { status: 500, headers: { 'content-type': 'application/json' } });
      }
      return fetch(url, init);
    });
    const ids = recordCompletions(kiosk.store, 57);
    poison = ids[0];
    await s.admin('PUT', '/api/v1/admin/workers', { workers: [{ employeeId: 'E-NEW', displayName: 'Kim Park', language: 'en', siteId: 'plant-2', roles: ['operator'], stations: ['press-line-4'] }] });
    const before = Date.now();
    await kiosk.sync.syncNow();
    expect(await storedCount(s, ids.slice(1))).toEqual({ rows: 56, distinct: 56 });
    expect(kiosk.store.db.prepare("SELECT count(*) FROM workers WHERE employee_id = 'E-NEW'").pluck().get()).toBe(1);
    // the poison statement waits on its own schedule, never quarantined (the server did not refuse its content)
    expect(outboxCounts(kiosk.store.db)).toEqual({ queued: 1, quarantined: 0 });
    expect(listQuarantined(kiosk.store.db)).toEqual([]);
    const row = kiosk.store.db.prepare('SELECT attempts, next_try_at FROM outbox WHERE statement_id = ?').get(poison) as { attempts: number; next_try_at: string };
    expect(row.attempts).toBe(1);
    // deferred by at least the first backoff step (1-2 s) from when it failed, however long the rest of the cycle took
    expect(Date.parse(row.next_try_at)).toBeGreaterThanOrEqual(before + 1000);
    poison = 'healed';
    await kiosk.close();
  });

  it('repro 3: after 50 server restarts the backlog is drained within 10 s of the server being healthy (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = tempDataDir();
    dirs.push(dir);
    const server = fakeSyncServer();
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const kiosk = openKiosk(dir, 'http://learn.test', 'ABCD-EFGH', server.fetch, random);
    kiosk.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(kiosk.sync.getStatus().state).toBe('online');
    const recorded: string[] = [];
    // 50 restarts: down 8 s, up 2 s; the shift goes on, a completion every second
    for (let restart = 0; restart < 50; restart++) {
      server.up = false;
      for (let t = 0; t < 10; t++) {
        if (t === 8) server.up = true;
        recorded.push(...recordCompletions(kiosk.store, 1));
        kiosk.sync.kick();
        await vi.advanceTimersByTimeAsync(1000);
      }
    }
    server.up = false;
    recorded.push(...recordCompletions(kiosk.store, 500));
    kiosk.sync.kick();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(outboxCounts(kiosk.store.db).queued).toBeGreaterThanOrEqual(500);
    server.up = true;
    let seconds = 0;
    while (outboxCounts(kiosk.store.db).queued > 0 && seconds < 600) {
      await vi.advanceTimersByTimeAsync(1000);
      seconds++;
    }
    expect(seconds).toBeLessThanOrEqual(10);
    expect(outboxCounts(kiosk.store.db)).toEqual({ queued: 0, quarantined: 0 });
    expect(recorded.every((id) => server.stored.has(id))).toBe(true);
    await kiosk.close();
  });
});
