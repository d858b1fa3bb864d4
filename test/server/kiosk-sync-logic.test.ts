import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF, nextCycleDelayMs } from '../../electron/core/sync/backoff';
import type { OutboxItem } from '../../electron/core/sync/outbox-repo';
import { classifyUploadFailure, pushBatch, type PushPort } from '../../electron/core/sync/push-batch';
import { NetworkError, ServerRefusal } from '../../electron/core/sync/sync-errors';
import { enrollmentCodeHash, enrollmentStep, type TerminalIdentity } from '../../electron/core/sync/terminal-identity';
import { openStore } from '../../electron/core/store/open-store';
import { SyncService } from '../../electron/core/sync/sync-service';
import { fakeSyncServer } from './fake-sync-server';
import { openKiosk, tempDataDir } from './kiosk-sync-fixture';

describe('backoff', () => {
  it('waits a random share of a ceiling that doubles per failure, up to the cap', () => {
    const top = () => 0.999_999;
    expect(backoffDelayMs(0, top)).toBe(0);
    expect(backoffDelayMs(1, top)).toBe(999);
    expect(backoffDelayMs(3, top)).toBe(3_999);
    expect(backoffDelayMs(30, top)).toBe(DEFAULT_BACKOFF.capMs - 1);
    expect(backoffDelayMs(10_000, top)).toBe(DEFAULT_BACKOFF.capMs - 1);
    expect(backoffDelayMs(5, () => 0)).toBe(0);
    expect(backoffDelayMs(5, () => 0.5)).toBe(8_000);
  });

  it('runs the next cycle after the interval when all went well, and never on its own once stopped', () => {
    expect(nextCycleDelayMs('ok', 0, 60_000, () => 0.5)).toBe(60_000);
    expect(nextCycleDelayMs('failed', 2, 60_000, () => 0.5)).toBe(1_000);
    expect(nextCycleDelayMs('stopped', 0, 60_000, () => 0.5)).toBeNull();
  });
});

function fakePort(refuse: (ids: string[]) => Error | null, healthy = true) {
  const sent: string[][] = [];
  const acked: string[] = [];
  const quarantined: { id: string; reason: string }[] = [];
  const deferred: string[] = [];
  const port: PushPort = {
    send: async (items) => {
      const ids = items.map((i) => i.statementId);
      sent.push(ids);
      const err = refuse(ids);
      if (err) throw err;
    },
    acknowledge: (ids) => acked.push(...ids),
    quarantine: (id, reason) => quarantined.push({ id, reason }),
    defer: (id) => deferred.push(id),
    serverHealthy: async () => healthy,
  };
  return { port, sent, acked, quarantined, deferred };
}

const items = (n: number): OutboxItem[] => Array.from({ length: n }, (_, i) => ({ statementId: `s${i}`, json: `{"id":"s${i}"}` }));

describe('pushBatch', () => {
  it('acknowledges a batch only after the server accepted it', async () => {
    const f = fakePort(() => null);
    expect(await pushBatch(items(3), f.port)).toEqual({ acknowledged: 3, quarantined: 0, deferred: 0 });
    expect(f.acked).toEqual(['s0', 's1', 's2']);
  });

  it('quarantines the ids a 409 names, with the server reason, and sends the rest again', async () => {
    const f = fakePort((ids) => (ids.includes('s1') ? new ServerRefusal(409, 'statement-conflict', 'statement id s1 is already stored with different content', ['s1']) : null));
    expect(await pushBatch(items(4), f.port)).toEqual({ acknowledged: 3, quarantined: 1, deferred: 0 });
    expect(f.quarantined).toEqual([{ id: 's1', reason: 'statement id s1 is already stored with different content' }]);
    expect(f.acked.sort()).toEqual(['s0', 's2', 's3']);
  });

  it('isolates one invalid statement in a batch of 500 and quarantines only it', async () => {
    const f = fakePort((ids) => (ids.includes('s321') ? new ServerRefusal(400, 'invalid-statement', 'invalid statement: [321].result.score.scaled: Too big') : null));
    expect(await pushBatch(items(500), f.port)).toEqual({ acknowledged: 499, quarantined: 1, deferred: 0 });
    expect(f.quarantined.map((q) => q.id)).toEqual(['s321']);
    expect(new Set(f.acked).size).toBe(499);
    expect(f.sent.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(500)) + 1);
  });

  it('acknowledges and quarantines nothing when the server is unreachable, unhealthy, refuses the terminal, or a proxy answers', async () => {
    const errors = [
      new NetworkError('cannot reach the server'),
      new ServerRefusal(503, 'internal', 'down'),
      new ServerRefusal(403, 'terminal-revoked', 'revoked'),
      new ServerRefusal(400, 'http-400', 'the server answered HTTP 400: <html>', [], false),
      new ServerRefusal(400, 'xapi-version-missing', 'send the header'),
    ];
    for (const err of errors) {
      const f = fakePort(() => err, false);
      await expect(pushBatch(items(10), f.port)).rejects.toBe(err);
      expect(f.acked).toEqual([]);
      expect(f.quarantined).toEqual([]);
      expect(f.deferred).toEqual([]);
    }
  });

  it('quarantines only a JSON refusal from this server with a statement-level code', () => {
    expect(classifyUploadFailure(new ServerRefusal(400, 'invalid-statement', 'bad'))).toBe('content');
    expect(classifyUploadFailure(new ServerRefusal(409, 'statement-conflict', 'clash', ['s1']))).toBe('content');
    expect(classifyUploadFailure(new ServerRefusal(400, 'invalid-statement', 'looks like ours', [], false))).toBe('other');
    expect(classifyUploadFailure(new ServerRefusal(400, 'http-400', 'HTML', [], false))).toBe('other');
    expect(classifyUploadFailure(new ServerRefusal(401, 'bad-credential', 'who are you'))).toBe('other');
    expect(classifyUploadFailure(new ServerRefusal(413, 'batch-too-large', 'too many'))).toBe('too-large');
    expect(classifyUploadFailure(new ServerRefusal(500, 'internal', 'oops'))).toBe('server-error');
    expect(classifyUploadFailure(new NetworkError('reset'))).toBe('other');
  });

  it('a statement the healthy server keeps failing on is isolated and deferred, never quarantined; a 413 splits', async () => {
    const poison = fakePort((ids) => (ids.includes('s7') ? new ServerRefusal(500, 'internal', 'oops') : null));
    expect(await pushBatch(items(100), poison.port)).toEqual({ acknowledged: 99, quarantined: 0, deferred: 1 });
    expect(poison.deferred).toEqual(['s7']);
    const large = fakePort((ids) => (ids.length > 8 ? new ServerRefusal(413, 'http-413', 'too large', [], false) : null));
    expect(await pushBatch(items(40), large.port)).toEqual({ acknowledged: 40, quarantined: 0, deferred: 0 });
  });
});

describe('enrollmentStep', () => {
  const identity = (rejectedReason: string | null): TerminalIdentity => ({
    terminalId: 't',
    credential: 'c',
    siteId: 'plant-2',
    stationId: 'press-line-4',
    enrollmentCodeHash: enrollmentCodeHash('ABCD-EFGH'),
    rejectedReason,
  });

  it('uses a good stored identity and enrolls only with a code not spent or refused before', () => {
    expect(enrollmentStep(identity(null), 'ZZZZ', null, null).kind).toBe('use');
    expect(enrollmentStep(null, 'abcd efgh', null, null)).toMatchObject({ kind: 'enroll', codeHash: enrollmentCodeHash('ABCD-EFGH') });
    expect(enrollmentStep(null, undefined, null, null)).toMatchObject({ kind: 'stuck', detail: expect.stringMatching(/enrollment code/) });
    expect(enrollmentStep(null, 'WXYZ', enrollmentCodeHash('wxyz'), 'refused: ask site IT')).toEqual({ kind: 'stuck', detail: 'refused: ask site IT' });
    expect(enrollmentStep(identity('revoked; re-enroll'), 'ABCD-EFGH', null, null)).toEqual({ kind: 'stuck', detail: 'revoked; re-enroll' });
    expect(enrollmentStep(identity('revoked; re-enroll'), 'NEWC-ODE1', null, null)).toMatchObject({ kind: 'enroll' });
  });
});

describe('sync service schedule', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.useRealTimers();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('probes an unreachable server on a short jittered schedule; a completion while offline probes at once; a good probe runs the cycle', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = tempDataDir();
    dirs.push(dir);
    const calls: string[] = [];
    let clock = 0;
    let up = false;
    const server = async (url: string): Promise<Response> => {
      const path = new URL(url).pathname;
      calls.push(`${clock} ${path}`);
      if (!up) throw new TypeError('fetch failed');
      return new Response('{}', { status: path === '/healthz' ? 200 : 503 });
    };
    // random 0.5: probes 187, 375, 750 ms after the 1st, 2nd, 3rd failure (3/4 of 250 ms doubling, capped at 5 s)
    const kiosk = openKiosk(dir, 'http://127.0.0.1:9', 'ABCD-EFGH', server, () => 0.5);
    const advance = async (ms: number) => {
      clock += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };
    kiosk.sync.start();
    await advance(0);
    expect(calls).toEqual(['0 /api/v1/enroll']);
    expect(kiosk.sync.getStatus()).toMatchObject({ state: 'offline', detail: expect.stringMatching(/cannot reach the server/) });
    await advance(186);
    expect(calls.length).toBe(1);
    await advance(1);
    expect(calls).toEqual(['0 /api/v1/enroll', '187 /healthz']);
    await advance(375);
    expect(calls.at(-1)).toBe('562 /healthz');
    kiosk.sync.kick();
    await advance(0);
    expect(calls.filter((c) => c === '562 /healthz').length).toBe(2);
    await advance(10);
    kiosk.sync.kick();
    await advance(0);
    expect(calls.at(-1)).toBe('572 /healthz');
    // five failures so far: the next probe 3/4 of 4 s later, and the cycle right after it answers
    up = true;
    await advance(2999);
    expect(calls.at(-1)).toBe('572 /healthz');
    await advance(1);
    expect(calls.slice(-2)).toEqual(['3572 /healthz', '3572 /api/v1/enroll']);
    // probes never wait longer than 5 s, however long the outage
    up = false;
    await advance(120_000);
    const times = calls.filter((c) => c.endsWith('/healthz')).map((c) => Number(c.split(' ')[0]));
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(Math.max(...gaps.slice(-10))).toBeLessThanOrEqual(5_000);
    await kiosk.close();
  });

  it('keeps retrying even when handling a failure itself fails, instead of staying "running" forever', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = tempDataDir();
    dirs.push(dir);
    // The database goes away mid-cycle (a disk pulled, say): the failure handler cannot even count the outbox.
    const kiosk = openKiosk(dir, 'http://127.0.0.1:9', 'ABCD-EFGH', async (url) => {
      if (new URL(url).pathname === '/healthz') return new Response('{}');
      kiosk.store.db.close();
      throw new TypeError('fetch failed');
    }, () => 0.5);
    const crashes = () => kiosk.events.filter((e) => e.kind === 'sync-failed' && /sync cycle crashed/.test(e.detail)).length;
    kiosk.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(crashes()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(crashes()).toBe(2);
    await kiosk.sync.stop();
  });
});

describe('fleet status report', () => {
  it('is sent at most once a minute, and an older server without the endpoint (404) neither fails the sync nor floods the event log', async () => {
    const dir = tempDataDir();
    const store = openStore(dir);
    const server = fakeSyncServer();
    const events: string[] = [];
    let clock = Date.parse('2026-12-01T08:00:00.000Z');
    const sync = new SyncService({
      db: store.db,
      dataDir: dir,
      mediaDir: store.mediaDir,
      server: { url: 'http://fake', enrollmentCode: 'ABCD-EFGH', syncIntervalSeconds: 3600 },
      terminalName: 'kiosk',
      now: () => new Date(clock),
      onStatus: () => undefined,
      onEvent: (kind) => events.push(kind),
      fetch: server.fetch,
      describeTerminal: async () => ({ appVersion: '1.0.0', siteId: 'plant-2', stationId: 'press-line-4', reader: { mode: 'wedge', state: 'listening' }, dataDirFreeBytes: 1 }),
    });
    try {
      const reports = () => server.requests.filter((r) => r === 'POST /api/v1/sync/status').length;
      expect(await sync.syncNow()).toBe('ok');
      expect(reports()).toBe(1);
      clock += 30_000;
      expect(await sync.syncNow()).toBe('ok');
      expect(reports()).toBe(1);
      clock += 31_000;
      expect(await sync.syncNow()).toBe('ok');
      expect(reports()).toBe(2);
      expect(events.filter((k) => k === 'sync-status-report-failed')).toHaveLength(1);
      // a re-queue by site IT reports the new counts in the next cycle
      sync.requeueQuarantined();
      expect(await sync.syncNow()).toBe('ok');
      expect(reports()).toBe(3);
    } finally {
      await sync.stop();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
