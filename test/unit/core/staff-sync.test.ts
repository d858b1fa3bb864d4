import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCoreHandle } from '../../../common/contracts/kiosk-api';
import type { Change } from '../../../common/contracts/sync';
import { hashPin } from '../../../common/staff/pin-hash';
import { writeCompletion } from '../../../electron/core/completions/completion-writer';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { openStore } from '../../../electron/core/store/open-store';
import { hasSupervisorFlag, staffPinHash } from '../../../electron/core/supervisor/pin-repo';
import { applyPullPage } from '../../../electron/core/sync/apply-pull';
import { quarantine } from '../../../electron/core/sync/outbox-repo';
import { kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const SITE = 'plant-2';
const STATION = 'press-line-4';
let seq = 0;

const worker = (employeeId: string, extra: { roles?: string[]; supervisor?: boolean }): Change => ({
  seq: ++seq,
  kind: 'worker',
  op: 'upsert',
  data: { employeeId, displayName: `${employeeId} Name`, language: 'en', siteId: SITE, roles: extra.roles ?? [], stations: [STATION], active: true, ...(extra.supervisor === undefined ? {} : { supervisor: extra.supervisor }) },
});
const badge = (badgeId: string, employeeId: string): Change => ({ seq: ++seq, kind: 'badge', op: 'upsert', data: { badgeId, employeeId } });
const pin = (employeeId: string, pinHash: string | null): Change => ({ seq: ++seq, kind: 'staff-pin', op: 'upsert', data: { employeeId, pinHash } });
const pull = (changes: Change[]) => ({ changes, nextCursor: seq, hasMore: false });
const present = () => true;

describe('applying pulled staff data', () => {
  it('stores the supervisor flag (absent from older servers = not a supervisor) and PINs keyed by the worker, even when the PIN comes first', async () => {
    const store = openStore(tempDir());
    const hash = await hashPin('4972', { cost: FAST_PIN_COST });
    applyPullPage(store.db, pull([pin('S1', hash), worker('S1', { supervisor: true }), worker('W1', {})]), present);
    expect(hasSupervisorFlag(store.db, 'S1')).toBe(true);
    expect(hasSupervisorFlag(store.db, 'W1')).toBe(false);
    expect(staffPinHash(store.db, 'S1')).toBe(hash);

    applyPullPage(store.db, pull([worker('S1', { supervisor: false }), pin('S1', null)]), present);
    expect(hasSupervisorFlag(store.db, 'S1')).toBe(false);
    expect(staffPinHash(store.db, 'S1')).toBeNull();
    store.close();
  });
});

describe('site IT with their own staff PIN', () => {
  const cores: KioskCoreHandle[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
  });

  it('opens diagnostics and exits with their own PIN, counted apart from the terminal diagnostics PIN; diagnostics lists refused statements', async () => {
    const dataDir = tempDir();
    const store = openStore(dataDir);
    applyPullPage(store.db, pull([worker('IT1', { roles: ['it'] }), badge('04IT0001', 'IT1'), pin('IT1', await hashPin('8351', { cost: FAST_PIN_COST }))]), present);
    const refused = randomUUID();
    writeCompletion(store.db, {
      id: refused, workerId: 'IT1', lessonId: 'press-guard', lessonVersion: 1, language: 'en', score: null, passed: null, durationMs: 1000, answers: [],
      startedAt: new Date('2026-11-25T07:59:00.000Z'), completedAt: new Date('2026-11-25T08:00:00.000Z'), siteId: SITE, stationId: STATION,
    });
    quarantine(store.db, refused, 'statement-conflict: the server holds different content for this id', new Date('2026-11-25T08:01:00.000Z'));
    store.close();

    const config = kioskConfigSchema.parse({ site: { id: SITE, name: 'Plant 2' }, station: { id: STATION, name: 'Press line 4' }, badge: { debounceMs: 0 }, diagnostics: { pinHash: await hashPin('7391', { cost: FAST_PIN_COST }) } });
    const core = await createKioskCore({ config, dataDir, diagnostics: { statfs: async () => ({ bavail: 1, bsize: 1, blocks: 1 }) }, onExitRequested: () => undefined });
    cores.push(core);
    await core.tapBadge('04IT0001');
    expect((await core.getSnapshot()).staff).toMatchObject({ kind: 'diagnostics', stage: 'pin', name: 'IT1 Name' });
    expect(await core.verifyPin('7391')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await core.verifyPin('8351')).toEqual({ outcome: 'ok' });
    const report = await core.getDiagnostics();
    expect(report.quarantine).toEqual([{ statementId: refused, reason: 'statement-conflict: the server holds different content for this id', quarantinedAt: '2026-11-25T08:01:00.000Z' }]);

    expect(await core.exitKiosk('7391')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await core.exitKiosk('8351')).toEqual({ outcome: 'exiting', appWillQuit: true });
    // the wrong PIN counted against this IT worker, not against the terminal's diagnostics PIN
    expect(report.events.filter((e) => e.kind === 'pin-wrong').map((e) => e.detail)).toEqual(['it:IT1: wrong PIN (1 of 5)']);
  });

  it('re-queues refused statements from diagnostics only with the PIN verified; they are due at once and the count drops to 0', async () => {
    const dataDir = tempDir();
    const store = openStore(dataDir);
    applyPullPage(store.db, pull([worker('W1', {})]), present);
    const at = new Date('2026-11-25T08:00:00.000Z');
    const refused = [randomUUID(), randomUUID()];
    for (const id of refused) {
      writeCompletion(store.db, { id, workerId: 'W1', lessonId: 'press-guard', lessonVersion: 1, language: 'en', score: null, passed: null, durationMs: 1000, answers: [], startedAt: at, completedAt: at, siteId: SITE, stationId: STATION });
      quarantine(store.db, id, 'statement-invalid: refused', at);
    }
    store.close();

    const config = kioskConfigSchema.parse({ site: { id: SITE, name: 'Plant 2' }, station: { id: STATION, name: 'Press line 4' }, diagnostics: { pinHash: await hashPin('7391', { cost: FAST_PIN_COST }) } });
    const core = await createKioskCore({ config, dataDir, now: () => new Date('2026-11-25T09:00:00.000Z'), diagnostics: { statfs: async () => ({ bavail: 1, bsize: 1, blocks: 1 }) } });
    cores.push(core);
    expect((await core.getSnapshot()).sync).toMatchObject({ queued: 0, quarantined: 2 });
    await expect(core.requeueQuarantined()).rejects.toMatchObject({ code: 'bad-request', message: /diagnostics PIN|site-IT PIN/ });
    await core.openDiagnostics();
    await expect(core.requeueQuarantined()).rejects.toMatchObject({ code: 'bad-request' });
    expect(await core.verifyPin('7391')).toEqual({ outcome: 'ok' });

    expect(await core.requeueQuarantined()).toEqual({ requeued: 2 });
    expect((await core.getSnapshot()).sync).toMatchObject({ queued: 2, quarantined: 0 });
    const report = await core.getDiagnostics();
    expect(report.quarantine).toEqual([]);
    expect(report.events.find((e) => e.kind === 'quarantine-requeued')?.detail).toBe('2 refused statement(s) queued again by site IT (key chord)');
    expect(await core.requeueQuarantined()).toEqual({ requeued: 0 });
  });
});
