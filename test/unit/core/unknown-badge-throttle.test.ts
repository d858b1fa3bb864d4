import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskCoreHandle } from '../../../common/contracts/kiosk-api';
import { translate } from '../../../common/i18n/catalog';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { COOLDOWN_MS, freshThrottle, MAX_UNKNOWN, pausedUntil, recordUnknown, WINDOW_MS } from '../../../electron/core/session/unknown-badge-throttle';
import { openStore } from '../../../electron/core/store/open-store';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

/** Issue 12 item 9: unknown badges are rate-limited per terminal, with a notice and a security event. */
const tempDir = useTempDirs();

describe('unknown-badge throttle (pure)', () => {
  it(`pauses at the ${MAX_UNKNOWN}th unknown badge within the window, for the cooldown`, () => {
    let state = freshThrottle;
    for (let i = 0; i < MAX_UNKNOWN - 1; i++) {
      const r = recordUnknown(state, 1000 * i);
      expect(r.paused).toBeNull();
      state = r.state;
    }
    const last = recordUnknown(state, 4000);
    expect(last.paused).toBe(4000 + COOLDOWN_MS);
    expect(pausedUntil(last.state, 4000 + COOLDOWN_MS - 1)).toBe(4000 + COOLDOWN_MS);
    expect(pausedUntil(last.state, 4000 + COOLDOWN_MS)).toBeNull();
  });

  it('unknown badges spread wider than the window never pause', () => {
    let state = freshThrottle;
    for (let i = 0; i < 20; i++) {
      const r = recordUnknown(state, i * (WINDOW_MS / (MAX_UNKNOWN - 1) + 1));
      expect(r.paused).toBeNull();
      state = r.state;
    }
  });
});

describe('unknown badges at the demo terminal (core, fake clock)', () => {
  const config = kioskConfigSchema.parse({ ...demoConfigInput, badge: { debounceMs: 0 } });
  let core: KioskCoreHandle;
  let dataDir: string;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-25T08:00:00Z'));
    dataDir = tempDir();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
  });
  afterEach(async () => {
    await core.close();
    vi.useRealTimers();
  });

  it('5 unknown badges in a row: a "wait 30 s" notice, every tap (a known badge too) ignored for 30 s, a throttling event queued for the server; then taps work again', async () => {
    for (const badge of ['90001', '90002', '90003', '90004']) {
      expect(await core.tapBadge(badge)).toEqual({ outcome: 'unknown-badge' });
      vi.advanceTimersByTime(200);
    }
    expect(await core.tapBadge('90005')).toEqual({ outcome: 'paused', until: '2026-11-25T08:00:30.800Z' });
    const notice = (await core.getSnapshot()).notice!;
    expect(notice).toMatchObject({ code: 'unknown-badges-paused', params: { seconds: 30 } });
    expect(translate('en', `notice.${notice.code}`, notice.params)).toBe('Too many unknown badges - wait 30 s');
    expect(translate('es', `notice.${notice.code}`, notice.params)).toBe('Demasiadas tarjetas desconocidas - espera 30 s');

    vi.advanceTimersByTime(10_000);
    expect(await core.tapBadge('1001')).toMatchObject({ outcome: 'paused' });
    expect((await core.getSnapshot()).notice).toMatchObject({ code: 'unknown-badges-paused', params: { seconds: 20 } });
    expect((await core.getSnapshot()).session).toBeNull();

    const store = openStore(dataDir);
    try {
      expect(store.db.prepare('SELECT kind FROM security_event_outbox').pluck().all()).toEqual(['unknown-badges-throttled']);
      expect(store.db.prepare("SELECT count(*) FROM events WHERE kind = 'unknown-badge'").pluck().get()).toBe(5);
    } finally {
      store.close();
    }

    vi.advanceTimersByTime(20_000);
    expect(await core.tapBadge('1001')).toMatchObject({ outcome: 'signed-in' });
  });
});
