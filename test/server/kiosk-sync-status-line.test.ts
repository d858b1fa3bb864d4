import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../common/contracts/kiosk-api';
import { syncLine } from '../../renderer/src/screens/SyncStatusLine';

const now = Date.parse('2026-11-25T10:00:00Z');
const status = (over: Partial<SyncStatus>): SyncStatus => ({ state: 'online', queued: 0, quarantined: 0, lastSyncAt: null, detail: null, ...over });

describe('attract screen sync line', () => {
  it('says offline with the number of completions waiting', () => {
    expect(syncLine(status({ state: 'offline', queued: 12 }), now, 'en')).toBe('Offline - 12 completions waiting');
    expect(syncLine(status({ state: 'offline', queued: 1 }), now, 'es')).toBe('Sin conexión - 1 registro en espera');
  });

  it('says how long ago the last sync was', () => {
    expect(syncLine(status({ lastSyncAt: '2026-11-25T09:58:00Z' }), now, 'en')).toBe('Synced 2 min ago');
    expect(syncLine(status({ lastSyncAt: '2026-11-25T09:59:40Z' }), now, 'en')).toBe('Synced just now');
  });

  it('points at site IT on an error and shows nothing for a terminal without a server', () => {
    expect(syncLine(status({ state: 'error', queued: 5 }), now, 'en')).toBe('Sync problem - ask site IT - 5 completions waiting');
    expect(syncLine(status({ state: 'not-configured' }), now, 'en')).toBeNull();
    expect(syncLine(undefined, now, 'en')).toBeNull();
  });
});
