import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF, nextCycleDelayMs } from '../../electron/core/sync/backoff';
import type { OutboxItem } from '../../electron/core/sync/outbox-repo';
import { pushBatch, type PushPort } from '../../electron/core/sync/push-batch';
import { NetworkError, ServerRefusal } from '../../electron/core/sync/sync-errors';
import { enrollmentCodeHash, enrollmentStep, type TerminalIdentity } from '../../electron/core/sync/terminal-identity';
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

function fakePort(refuse: (ids: string[]) => Error | null) {
  const sent: string[][] = [];
  const acked: string[] = [];
  const quarantined: { id: string; reason: string }[] = [];
  const port: PushPort = {
    send: async (items) => {
      const ids = items.map((i) => i.statementId);
      sent.push(ids);
      const err = refuse(ids);
      if (err) throw err;
    },
    acknowledge: (ids) => acked.push(...ids),
    quarantine: (id, reason) => quarantined.push({ id, reason }),
  };
  return { port, sent, acked, quarantined };
}

const items = (n: number): OutboxItem[] => Array.from({ length: n }, (_, i) => ({ statementId: `s${i}`, json: `{"id":"s${i}"}` }));

describe('pushBatch', () => {
  it('acknowledges a batch only after the server accepted it', async () => {
    const f = fakePort(() => null);
    expect(await pushBatch(items(3), f.port)).toEqual({ acknowledged: 3, quarantined: 0 });
    expect(f.acked).toEqual(['s0', 's1', 's2']);
  });

  it('quarantines the ids a 409 names, with the server reason, and sends the rest again', async () => {
    const f = fakePort((ids) => (ids.includes('s1') ? new ServerRefusal(409, 'statement-conflict', 'statement id s1 is already stored with different content', ['s1']) : null));
    expect(await pushBatch(items(4), f.port)).toEqual({ acknowledged: 3, quarantined: 1 });
    expect(f.quarantined).toEqual([{ id: 's1', reason: 'statement id s1 is already stored with different content' }]);
    expect(f.acked.sort()).toEqual(['s0', 's2', 's3']);
  });

  it('isolates one invalid statement in a batch of 500 and quarantines only it', async () => {
    const f = fakePort((ids) => (ids.includes('s321') ? new ServerRefusal(400, 'invalid-statement', 'invalid statement: [321].result.score.scaled: Too big') : null));
    expect(await pushBatch(items(500), f.port)).toEqual({ acknowledged: 499, quarantined: 1 });
    expect(f.quarantined.map((q) => q.id)).toEqual(['s321']);
    expect(new Set(f.acked).size).toBe(499);
    expect(f.sent.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(500)) + 1);
  });

  it('acknowledges and quarantines nothing when the server is unreachable, busy, or refuses the terminal', async () => {
    for (const err of [new NetworkError('cannot reach the server'), new ServerRefusal(503, 'internal', 'down'), new ServerRefusal(403, 'terminal-revoked', 'revoked')]) {
      const f = fakePort(() => err);
      await expect(pushBatch(items(10), f.port)).rejects.toBe(err);
      expect(f.acked).toEqual([]);
      expect(f.quarantined).toEqual([]);
    }
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

  it('retries an unreachable server with growing backoff, and a completion while offline waits for it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = tempDataDir();
    dirs.push(dir);
    const calls: number[] = [];
    let clock = 0;
    const unreachable = async (): Promise<Response> => {
      calls.push(clock);
      throw new TypeError('fetch failed');
    };
    // random 0.5: waits of 500, 1000, 2000 ms after the 1st, 2nd, 3rd failure
    const kiosk = openKiosk(dir, 'http://127.0.0.1:9', 'ABCD-EFGH', unreachable, () => 0.5);
    const advance = async (ms: number) => {
      clock += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };
    kiosk.sync.start();
    await advance(0);
    expect(calls).toEqual([0]);
    expect(kiosk.sync.getStatus()).toMatchObject({ state: 'offline', detail: expect.stringMatching(/cannot reach the server/) });
    await advance(499);
    expect(calls.length).toBe(1);
    await advance(1);
    expect(calls).toEqual([0, 500]);
    kiosk.sync.kick();
    await advance(999);
    expect(calls.length).toBe(2);
    await advance(1);
    expect(calls).toEqual([0, 500, 1500]);
    await advance(2000);
    expect(calls).toEqual([0, 500, 1500, 3500]);
    await kiosk.close();
  });

  it('keeps retrying even when handling a failure itself fails, instead of staying "running" forever', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = tempDataDir();
    dirs.push(dir);
    // The database goes away mid-cycle (a disk pulled, say): the failure handler cannot even count the outbox.
    const kiosk = openKiosk(dir, 'http://127.0.0.1:9', 'ABCD-EFGH', async () => {
      kiosk.store.db.close();
      throw new TypeError('fetch failed');
    }, () => 0.5);
    const crashes = () => kiosk.events.filter((e) => e.kind === 'sync-failed' && /sync cycle crashed/.test(e.detail)).length;
    kiosk.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(crashes()).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(crashes()).toBe(2);
    await kiosk.sync.stop();
  });
});
