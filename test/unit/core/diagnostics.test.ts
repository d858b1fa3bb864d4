import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { checkServer, gatherDiagnostics, healthzUrl, type DiagnosticsProbes } from '../../../electron/core/diagnostics/gather';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { hashPin } from '../../../common/staff/pin-hash';
import { upsertWorker } from '../../../electron/core/session/roster-repo';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { snapshot as fakeSnapshot } from '../web-host/fake-core';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const at = new Date('2026-11-25T08:00:00.000Z');

function probes(over: Partial<DiagnosticsProbes> = {}): DiagnosticsProbes {
  return {
    fetch: async () => ({ ok: true, status: 200 }),
    statfs: async () => ({ bavail: 1000, bsize: 4096, blocks: 5000 }),
    now: () => at,
    ...over,
  };
}

describe('diagnostics report', () => {
  it('puts reader, server, sync, disk, version, config source and events in one report', async () => {
    const snap: KioskSnapshot = {
      ...fakeSnapshot('press-line-4'),
      reader: { mode: 'hid', state: 'disconnected', detail: 'No reader 0x1234:0x5678 found', lastReadAt: null },
      sync: { state: 'offline', queued: 3, quarantined: 1, lastSyncAt: '2026-11-24T07:00:00.000Z', detail: 'server unreachable' },
    };
    const urls: string[] = [];
    const report = await gatherDiagnostics(
      { snapshot: snap, serverUrl: 'https://learn.example.com/base', dataDir: '/data', appVersion: '1.2.3', configSource: '/etc/shiftlearn/kiosk.json (default location)', events: [{ id: 1, at: at.toISOString(), kind: 'k', detail: 'd' }] },
      probes({ fetch: async (url) => (urls.push(url), { ok: true, status: 200 }) }),
    );
    expect(urls).toEqual(['https://learn.example.com/base/healthz']);
    expect(report).toMatchObject({
      appVersion: '1.2.3',
      configSource: '/etc/shiftlearn/kiosk.json (default location)',
      reader: { mode: 'hid', state: 'disconnected', detail: 'No reader 0x1234:0x5678 found' },
      server: { reachability: 'reachable' },
      sync: { state: 'offline', queued: 3, quarantined: 1, lastSyncAt: '2026-11-24T07:00:00.000Z' },
      disk: { dataDir: '/data', freeBytes: 4096 * 1000, totalBytes: 4096 * 5000 },
      events: [{ kind: 'k' }],
    });
  });

  it('says "not configured" without a server, and names a refused connection, an HTTP error and a failed statfs', async () => {
    expect(await checkServer(null, probes())).toMatchObject({ reachability: 'not-configured', url: null });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const down = await checkServer('http://127.0.0.1:9', probes({ fetch: async () => Promise.reject(refused) }));
    expect(down).toMatchObject({ reachability: 'unreachable', detail: expect.stringMatching(/^http:\/\/127\.0\.0\.1:9\/healthz: ECONNREFUSED\. Check the server is running/) });
    expect(await checkServer('http://s', probes({ fetch: async () => ({ ok: false, status: 503 }) }))).toMatchObject({ reachability: 'unreachable', detail: expect.stringContaining('HTTP 503') });
    const report = await gatherDiagnostics(
      { snapshot: fakeSnapshot('x'), serverUrl: null, dataDir: '/gone', appVersion: '1', configSource: 'demo', events: [] },
      probes({ statfs: async () => Promise.reject(new Error('ENOENT: /gone')) }),
    );
    expect(report.disk).toEqual({ dataDir: '/gone', freeBytes: null, totalBytes: null, detail: 'Free space unknown: ENOENT: /gone' });
    expect(report.sync).toBeNull();
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    vi.useFakeTimers();
    try {
      const hanging = (_url: string, init: { signal: AbortSignal }) =>
        new Promise<never>((_, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      const pending = checkServer('http://10.0.0.1', probes({ fetch: hanging, serverTimeoutMs: 2000 }));
      await vi.advanceTimersByTimeAsync(2000);
      expect(await pending).toMatchObject({ reachability: 'unreachable', detail: expect.stringContaining('no answer within 2000 ms') });
    } finally {
      vi.useRealTimers();
    }
  });

  it('builds the health URL whether or not the server URL ends in a slash', () => {
    expect(healthzUrl('http://s:8080')).toBe('http://s:8080/healthz');
    expect(healthzUrl('http://s:8080/learn/')).toBe('http://s:8080/learn/healthz');
  });
});

describe('diagnostics and exit through the core', () => {
  const cores: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
  });

  it('chord -> PIN 0000 on a demo terminal -> report from the real store with fake probes -> exit with the PIN asks the shell to quit', async () => {
    const dataDir = tempDir();
    const onExitRequested = vi.fn();
    const config = kioskConfigSchema.parse({ ...demoConfigInput, server: { url: 'http://127.0.0.1:9' } });
    const core = await createKioskCore({
      config,
      dataDir,
      configSource: 'test.json (from --config)',
      onExitRequested,
      sync: { fetch: async () => Promise.reject(new Error('offline in this test')) },
      diagnostics: { fetch: async () => Promise.reject(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } })), statfs: async () => ({ bavail: 10, bsize: 1024, blocks: 20 }) },
      pinHashCost: FAST_PIN_COST,
    });
    cores.push(core);
    await expect(core.getDiagnostics()).rejects.toMatchObject({ code: 'bad-request', message: /Ctrl\+Alt\+Shift\+D/ });
    await core.openDiagnostics();
    expect((await core.getSnapshot()).staff).toMatchObject({ kind: 'diagnostics', stage: 'pin', name: null });
    expect(await core.verifyPin('1234')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await core.verifyPin('0000')).toEqual({ outcome: 'ok' });
    const report = await core.getDiagnostics();
    expect(report).toMatchObject({
      configSource: 'test.json (from --config)',
      appVersion: JSON.parse(fs.readFileSync('package.json', 'utf8')).version,
      server: { url: 'http://127.0.0.1:9', reachability: 'unreachable' },
      disk: { freeBytes: 10 * 1024 },
      reader: { mode: 'wedge', state: 'listening' },
    });
    expect(report.sync).not.toBeNull();
    expect(report.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['diagnostics-pin-asked', 'pin-wrong', 'pin-accepted']));
    expect(report.events.length).toBeLessThanOrEqual(50);

    expect(await core.exitKiosk('1111')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(onExitRequested).not.toHaveBeenCalled();
    expect(await core.exitKiosk('0000')).toEqual({ outcome: 'exiting', appWillQuit: true });
    expect(onExitRequested).toHaveBeenCalledOnce();
  });

  it('a non-demo terminal without diagnostics.pinHash says how to set one; a configured hash works', async () => {
    const base = { site: { id: 's', name: 'S' }, station: { id: 'st', name: 'St' } };
    const bare = await createKioskCore({ config: kioskConfigSchema.parse(base), dataDir: tempDir() });
    cores.push(bare);
    await bare.openDiagnostics();
    await expect(bare.verifyPin('0000')).rejects.toMatchObject({ code: 'not-found', message: /diagnostics\.pinHash.*hash-pin/ });

    const pinHash = await hashPin('7391', { cost: FAST_PIN_COST });
    const configured = await createKioskCore({ config: kioskConfigSchema.parse({ ...base, diagnostics: { pinHash } }), dataDir: tempDir() });
    cores.push(configured);
    await configured.openDiagnostics();
    expect(await configured.verifyPin('0000')).toMatchObject({ outcome: 'wrong' });
    expect(await configured.verifyPin('7391')).toEqual({ outcome: 'ok' });
    expect(await configured.exitKiosk('7391')).toEqual({ outcome: 'exiting', appWillQuit: false });
  });

  it('an IT badge asks for the diagnostics PIN and opens diagnostics with it; a worker tap closes it', async () => {
    const dataDir = tempDir();
    const config = kioskConfigSchema.parse({ ...demoConfigInput, badge: { debounceMs: 0 } });
    const first = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    await first.close();
    const db = new Database(path.join(dataDir, DB_FILE_NAME));
    upsertWorker(db, { id: 'it-1', employeeId: 'IT1', firstName: 'Robin', displayName: 'Robin IT', language: 'en', siteId: 'plant-2', roles: ['it'], stations: [], badges: ['5150'] });
    db.close();
    const core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    cores.push(core);
    await core.tapBadge('5150');
    expect((await core.getSnapshot()).staff).toEqual({ kind: 'diagnostics', stage: 'pin', name: 'Robin IT', lockedUntil: null, pinConfigured: true });
    expect(await core.verifyPin('0000')).toEqual({ outcome: 'ok' });
    expect((await core.getDiagnostics()).terminal.station).toBe('press-line-4');
    await core.tapBadge('1001');
    expect((await core.getSnapshot()).staff).toBeNull();
    await expect(core.getDiagnostics()).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('rejects a config pinHash that is not a hash, naming the command that makes one', () => {
    const result = kioskConfigSchema.safeParse({ ...demoConfigInput, diagnostics: { pinHash: '0000' } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('npm run kiosk-config -- hash-pin');
  });

  it('writes a JSON log under <dataDir>/logs with events and lifecycle, and no PIN or full badge id', async () => {
    const dataDir = tempDir();
    const core = await createKioskCore({ config: kioskConfigSchema.parse({ ...demoConfigInput, badge: { debounceMs: 0 } }), dataDir, configSource: 'demo', pinHashCost: FAST_PIN_COST });
    await core.tapBadge('998877');
    await core.tapBadge('1006');
    await core.verifyPin('97531');
    await core.verifyPin('2468');
    await core.close();
    const dir = path.join(dataDir, 'logs');
    const text = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; event?: string; detail?: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['kiosk core starting', 'kiosk core ready', 'kiosk core stopped']));
    expect(lines.map((l) => l.event)).toEqual(expect.arrayContaining(['unknown-badge', 'supervisor-pin-asked', 'pin-wrong', 'pin-accepted']));
    expect(lines.find((l) => l.event === 'unknown-badge')?.detail).toContain('…77');
    expect(text).not.toMatch(/998877|97531|2468/);
  });
});
