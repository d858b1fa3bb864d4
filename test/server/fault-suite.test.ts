import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store/open-store';
import { outboxCounts } from '../../electron/core/sync/outbox-repo';
import { SyncService } from '../../electron/core/sync/sync-service';
import { prng } from '../bench/prng';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { enrollmentCode, eventually, recordCompletions, seedPlant, startLiveServer, storedCount, tempDataDir, type LiveServer } from './kiosk-sync-fixture';

/**
 * Issue 11's fault suite: a real kiosk sync client and a real server over real HTTP, with a fault
 * proxy between them (lost ack after commit, HTML 400, truncated body, connection reset, delay, a
 * poison statement answered 500), the server killed and restarted during the drain, and the disk
 * full for a while. Every completion acknowledged to a worker must be on the server exactly once,
 * and nothing may be left in the terminal's queue.
 */

let s: LiveServer;
let proxy: FaultProxy;
const dirs: string[] = [];

beforeAll(async () => {
  s = await startLiveServer();
  await seedPlant(s);
  proxy = await startFaultProxy(() => s.url, { rate: 0.3, random: prng(11) });
});
afterAll(async () => {
  await proxy.close();
  await s.dispose();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault suite (issue 11)', () => {
  it('through lost acks, proxy errors, resets, a poison statement, two server kills and a full disk: 0 lost, 0 doubled, 0 stranded', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = openStore(dir);
    let skewMs = 0;
    const sync = new SyncService({
      db: store.db,
      dataDir: dir,
      mediaDir: store.mediaDir,
      server: { url: proxy.url, enrollmentCode: await enrollmentCode(s), syncIntervalSeconds: 3600 },
      terminalName: 'fault suite kiosk',
      now: () => new Date(Date.now() + skewMs),
      onStatus: () => undefined,
      onEvent: () => undefined,
      random: prng(7),
      batchSize: 20,
    });
    expect(await sync.syncNow()).toBe('ok');
    sync.start();

    const acknowledged: string[] = [];
    let refusedByDisk = 0;
    // a full disk, injected: SQLite answers SQLITE_FULL past max_page_count, and a scratch table takes the free pages
    const fillDisk = () => {
      store.db.exec('CREATE TABLE fault_filler (x BLOB)');
      store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
      try {
        for (;;) store.db.prepare('INSERT INTO fault_filler VALUES (zeroblob(512))').run();
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_FULL') throw err;
      }
    };
    const freeDisk = () => {
      store.db.exec('DROP TABLE fault_filler');
      store.db.pragma('max_page_count = 1073741823');
    };
    proxy.faultsOn = true;
    for (let step = 0; step < 100; step++) {
      if (step === 20 || step === 65) await s.kill();
      if (step === 35 || step === 75) await s.start();
      if (step === 45) fillDisk();
      if (step === 55) freeDisk();
      try {
        const ids = recordCompletions(store, 1 + (step % 3));
        if (step === 5) proxy.poison.add(ids[0]);
        acknowledged.push(...ids);
      } catch (err) {
        expect((err as { code?: string }).code).toBe('SQLITE_FULL');
        refusedByDisk++;
      }
      sync.kick();
      await tick(60);
    }
    if (!s.running()) await s.start();
    // the faults stop and time passes (the poison statement's own backoff runs out)
    proxy.faultsOn = false;
    skewMs = 3_600_000;
    await eventually(async () => {
      sync.kick();
      return outboxCounts(store.db).queued === 0;
    }, 'the outbox to drain', 45_000);
    await sync.stop();

    const onServer = await storedCount(s, acknowledged);
    const inStore = outboxCounts(store.db);
    const lost = acknowledged.length - onServer.distinct;
    const doubled = onServer.rows - onServer.distinct;
    console.log(`fault suite: acknowledged ${acknowledged.length}, on server ${onServer.distinct}, lost ${lost}, doubled ${doubled}, queued ${inStore.queued}, quarantined ${inStore.quarantined}, refused by the full disk ${refusedByDisk}, faults ${JSON.stringify(proxy.counts)}`);
    expect({ lost, doubled, stranded: inStore.queued, quarantined: inStore.quarantined }).toEqual({ lost: 0, doubled: 0, stranded: 0, quarantined: 0 });
    expect(acknowledged.length).toBeGreaterThan(150);
    expect(refusedByDisk).toBeGreaterThan(0);
    for (const fault of ['lost-ack', 'html-400', 'truncated', 'reset', 'poison-500'] as const) expect(proxy.counts[fault], fault).toBeGreaterThan(0);
    store.close();
  });
});
