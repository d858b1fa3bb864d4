import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KioskCoreHandle } from '../../../common/contracts/kiosk-api';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { openTerminalLog } from '../../../electron/core/logging/terminal-log';
import { KioskCoreError } from '../../../electron/core/kiosk-core-error';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { StorageWatch } from '../../../electron/core/store/storage-watch';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

/** Issue 11 repros 4 and 5: a full or unwritable data directory is a state, never a crash. */

const tempDir = useTempDirs();
afterEach(() => vi.useRealTimers());

const config = kioskConfigSchema.parse({ ...demoConfigInput, server: { url: 'http://127.0.0.1:9', enrollmentCode: 'ABCD-EFGH', syncIntervalSeconds: 60 } });
const unreachable = async (): Promise<Response> => {
  throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
};

async function playAndFinish(core: KioskCoreHandle) {
  await core.tapBadge('1001');
  const snap = await core.getSnapshot();
  const play = await core.startLesson(snap.session!.next!.id);
  return core.completeLesson({ completionId: play.completionId, lessonId: play.lesson.id, answers: [] });
}

/** The database packed tight (VACUUM), so the next rows need new pages; returns its page count. */
function packedPageCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, DB_FILE_NAME));
  try {
    db.exec('VACUUM');
    return db.pragma('page_count', { simple: true }) as number;
  } finally {
    db.close();
  }
}

const rows = (dataDir: string, table: string) => {
  const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('storage faults (issue 11)', () => {
  it('repro 4: with the disk full, Done says storage is full and acknowledges nothing; sync and events keep running, no crash', async () => {
    const dataDir = tempDir();
    let core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST, sync: { fetch: unreachable, random: () => 0.5 } });
    await playAndFinish(core);
    await core.close();
    const completionsBefore = rows(dataDir, 'completions');

    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Date too: the unknown-badge pause the burst below trips ends with the 30 s advanced after it
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST, sync: { fetch: unreachable, random: () => 0.5 }, store: { maxPageCount: packedPageCount(dataDir) } });
      expect((await core.getSnapshot()).status).toBe('ready');
      // a burst of events (unknown badges, the throttling it trips with its security event, sync failures) on the full disk
      for (let i = 0; i < 200; i++) await core.tapBadge(`55${String(i).padStart(6, '0')}`);
      await vi.advanceTimersByTimeAsync(30_000);
      // Done until the disk has no room left for a completion: every receipt given is a stored row
      let acknowledged = 0;
      let refusal: Error | null = null;
      for (let i = 0; i < 200 && !refusal; i++) {
        await playAndFinish(core).then(
          () => acknowledged++,
          (err: Error) => (refusal = err),
        );
      }
      expect(refusal).not.toBeNull();
      expect(refusal!.message).toMatch(/Storage is full - tell site IT/);
      expect(refusal!.message).toContain(dataDir);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(unhandled).toEqual([]);
      expect((await core.getSnapshot()).status).toBe('ready');
      await core.close();
      expect(rows(dataDir, 'completions')).toBe(completionsBefore + acknowledged);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    const completionsFull = rows(dataDir, 'completions');

    // space is back: the same terminal records again
    vi.useRealTimers();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST, sync: { fetch: unreachable } });
    await expect(playAndFinish(core)).resolves.toMatchObject({ completionId: expect.any(String) });
    await core.close();
    expect(rows(dataDir, 'completions')).toBe(completionsFull + 1);
  });

  it('a full disk is a state on the snapshot (storage screen, diagnostics detail) that clears by itself when space returns, without a restart', async () => {
    const dataDir = tempDir();
    const config = kioskConfigSchema.parse({ ...demoConfigInput, badge: { debounceMs: 0 }, server: { url: 'http://127.0.0.1:9', enrollmentCode: 'ABCD-EFGH', syncIntervalSeconds: 60 } });
    let core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST, sync: { fetch: unreachable, random: () => 0.5 } });
    await playAndFinish(core);
    await core.close();

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let db: Database.Database | null = null;
    core = await createKioskCore({
      config,
      dataDir,
      pinHashCost: FAST_PIN_COST,
      sync: { fetch: unreachable, random: () => 0.5 },
      store: { maxPageCount: packedPageCount(dataDir), opened: (opened) => (db = opened), probeIntervalMs: 5_000 },
      diagnostics: { statfs: async () => ({ bavail: 0, bsize: 4096, blocks: 1000 }) },
    });
    let latest = await core.getSnapshot();
    core.onSnapshot((snap) => (latest = snap));
    expect(latest.storage ?? null).toBeNull();
    const before = rows(dataDir, 'completions');
    let acknowledged = 0;
    let refusal: Error | null = null;
    for (let i = 0; i < 200 && !refusal; i++) await playAndFinish(core).then(() => acknowledged++, (err: Error) => (refusal = err));
    expect(refusal).not.toBeNull();
    expect(latest.storage).toMatchObject({ kind: 'full', dataDir, detail: expect.stringMatching(/^Storage is full - tell site IT\. The data directory .* refused a write \(SQLITE_FULL\)/) });
    expect(latest.status).toBe('ready');
    // site IT sees it on diagnostics next to the path and free space
    await core.openDiagnostics();
    await core.verifyPin('0000');
    const report = await core.getDiagnostics();
    expect(report.disk).toMatchObject({ dataDir, freeBytes: 0, detail: expect.stringContaining('Storage is full') });
    await core.signOut();

    // still full: the probe finds no room and the state stays
    await vi.advanceTimersByTimeAsync(15_000);
    expect(latest.storage).not.toBeNull();
    // space returns: within one probe interval the state clears and Done records again, same process
    db!.pragma('max_page_count = 1000000');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(latest.storage).toBeNull();
    await expect(playAndFinish(core)).resolves.toMatchObject({ completionId: expect.any(String) });
    await core.close();
    expect(rows(dataDir, 'completions')).toBe(before + acknowledged + 1);
  });

  it('tells a full disk from a read-only one, sees a storage fault behind the error Done answers with, and ignores other errors', () => {
    const db = new Database(':memory:');
    const seen: (string | null)[] = [];
    const watch = () => new StorageWatch({ db, dataDir: '/data', now: () => new Date(0), onChange: (f) => seen.push(f?.kind ?? null) });
    const readOnly = watch();
    expect(readOnly.noteFailure(new Error('a bug'))).toBe(false);
    expect(readOnly.noteFailure(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }))).toBe(true);
    expect(readOnly.current()).toMatchObject({ kind: 'read-only', detail: expect.stringMatching(/^Storage cannot be written - tell site IT/) });
    readOnly.dispose();
    const full = watch();
    const full_ = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(full.noteFailure(new KioskCoreError('internal', 'The completion was not saved.', { cause: full_ }))).toBe(true);
    expect(full.current()?.kind).toBe('full');
    // one state change per fault, however many writes fail meanwhile
    expect(full.noteFailure(full_)).toBe(true);
    full.dispose();
    expect(seen).toEqual(['read-only', 'full']);
    db.close();
  });

  it('repro 5: a log file that cannot be written falls back to stderr instead of an unhandled error event', async () => {
    const dataDir = tempDir();
    // the first log file's path is taken by a directory: opening it fails after the stream was handed out
    fs.mkdirSync(path.join(dataDir, 'logs', 'kiosk.1.log'), { recursive: true });
    const log = await openTerminalLog(dataDir);
    expect(log.file).toBe(path.join(dataDir, 'logs'));
    log.info('first line');
    // before the fix the stream's 'error' event went unhandled and ended the process
    await vi.waitFor(() => expect(log.file).toBeNull());
    log.error('still logging');
    await log.close();
  });
});
