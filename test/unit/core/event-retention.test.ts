import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { logEvent } from '../../../electron/core/store/event-log';
import { DB_FILE_NAME, openStore } from '../../../electron/core/store/open-store';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

afterEach(() => vi.useRealTimers());

const countEvents = (dataDir: string, where = '1 = 1') => {
  const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM events WHERE ${where}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('kiosk event log retention (issue 11 repro 7)', () => {
  it('10,000 events (a busy year of taps) leave at most maxRows plus one prune interval, newest kept', () => {
    const store = openStore(tempDir());
    try {
      const start = Date.parse('2026-11-25T08:00:00Z');
      // one transaction: 10,000 fsyncs would only measure the disk
      store.db.transaction(() => {
        for (let i = 0; i < 10_000; i++) logEvent(store.db, new Date(start + i * 1000), 'badge-unknown', `tap ${i}`, { days: 90, maxRows: 1000 });
      })();
      const count = store.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      expect(count).toBeGreaterThanOrEqual(1000);
      expect(count).toBeLessThanOrEqual(1500);
      expect(store.db.prepare('SELECT detail FROM events ORDER BY id DESC LIMIT 1').pluck().get()).toBe('tap 9999');
    } finally {
      store.close();
    }
  });

  it('events older than the configured days are gone after a restart; the default keeps 90 days and 10,000 rows', async () => {
    expect(kioskConfigSchema.parse(demoConfigInput).eventRetention).toEqual({ days: 90, maxRows: 10_000 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T08:00:00Z'));
    const dataDir = tempDir();
    const config = kioskConfigSchema.parse({ ...demoConfigInput, eventRetention: { days: 30, maxRows: 10_000 } });
    let core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    for (let i = 0; i < 20; i++) await core.tapBadge(`880000${i}`);
    await core.close();
    vi.setSystemTime(new Date('2026-03-01T08:00:00Z'));
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    await core.tapBadge('77000001');
    await core.close();
    expect(countEvents(dataDir, "at < '2026-02-01'")).toBe(0);
    expect(countEvents(dataDir, "at >= '2026-03-01'")).toBeGreaterThan(0);
  });
});
