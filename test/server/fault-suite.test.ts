import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/store/open-store';
import { outboxCounts } from '../../electron/core/sync/outbox-repo';
import { SyncService } from '../../electron/core/sync/sync-service';
import { prng } from '../bench/prng';
import { spawnChaosKiosk } from './chaos-kiosk-process';
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
    // completions as Done records them; null when the full disk refused them
    const record = (count: number): string[] | null => {
      try {
        const ids = recordCompletions(store, count);
        acknowledged.push(...ids);
        return ids;
      } catch (err) {
        expect((err as { code?: string }).code).toBe('SQLITE_FULL');
        refusedByDisk++;
        return null;
      }
    };
    proxy.faultsOn = true;
    for (let step = 0; step < 100; step++) {
      if (step === 20 || step === 65) await s.kill();
      if (step === 35 || step === 75) await s.start();
      if (step === 45) {
        fillDisk();
        // rows still fit in free space inside the tables' pages, and the backlog's acks free more: record until
        // the disk refuses one (the ten steps alone saw 0 refusals in 1 of 20 runs at load 5-12, 1 in 4 more)
        let room = true;
        while (room) room = record(1) !== null;
      }
      if (step === 55) freeDisk();
      const ids = record(1 + (step % 3));
      if (step === 5 && ids) proxy.poison.add(ids[0]);
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

  it('a kiosk process killed with kill -9 while recording completions, three times, restarted on the same data dir: every acknowledged completion reaches the server once', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const code = await enrollmentCode(s);
    const acked = new Set<string>();
    let kiosk: ChildProcess | null = null;
    // the bench's kiosk process (test/bench/chaos-kiosk.ts): a real store and sync service, a completion
    // recorded every 10 ms and "ack <id>" printed only once its transaction committed, as Done answers
    // completions the running kiosk acknowledged: one ack says it has its SIGUSR2 handler (set before it records)
    let ackedByThisKiosk = 0;
    const startKiosk = () => {
      ackedByThisKiosk = 0;
      kiosk = spawnChaosKiosk(['--data-dir', dir, '--server', proxy.url, '--code', code, '--every-ms', '10', '--backoff-cap-ms', '5000'], (line) => {
        if (!line.startsWith('ack ')) return;
        acked.add(line.slice(4));
        ackedByThisKiosk++;
      });
    };
    const killKiosk = (p: ChildProcess) =>
      new Promise<void>((resolve) => {
        if (p.exitCode !== null || p.signalCode !== null) return resolve();
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      });
    const kioskDb = <T>(read: (db: Database.Database) => T): T => {
      const db = new Database(path.join(dir, 'shiftlearn.db'), { readonly: true, fileMustExist: true });
      try {
        return read(db);
      } finally {
        db.close();
      }
    };

    let drainSeconds = NaN;
    try {
      startKiosk();
      // the faults start once the kiosk has enrolled (it records after its first pull), as for the kiosk above;
      // an enrollment whose answer a fault drops is covered in kiosk-sync.test.ts
      await eventually(() => ackedByThisKiosk > 0, 'the kiosk to enroll and record', 90_000);
      proxy.faultsOn = true;
      for (let kill = 0; kill < 3; kill++) {
        // the limit allows for a start under load (tsx compiling the kiosk, enrolling): it only ends a failing run
        await eventually(() => ackedByThisKiosk >= 40, 'the kiosk to record completions', 90_000);
        await killKiosk(kiosk!);
        startKiosk();
      }
      // not the total: the earlier kiosks often had 160 already, and a SIGUSR2 before the new one's handler ended it
      await eventually(() => ackedByThisKiosk >= 40, 'the restarted kiosk to record', 90_000);
      // end of shift: it stops recording and keeps syncing; the faults stop
      kiosk!.kill('SIGUSR2');
      proxy.faultsOn = false;
      const faultsStopped = Date.now();
      // the kiosk's probes and retries wait 5 s at most (drains took 0.3-1.8 s at load 4-8); the limit only
      // ends a failing run. A kiosk that exits fails at once with what it left behind: the chaos kiosk used to
      // end after SIGUSR2 at its first wait for a retry (chaos-kiosk.test.ts), which stalled this drain for good
      const running = kiosk!;
      await eventually(
        () => {
          if (running.exitCode !== null || running.signalCode !== null) throw new Error(`the kiosk exited (${running.exitCode ?? running.signalCode}) before its outbox drained`);
          return kioskDb((db) => db.prepare('SELECT count(*) FROM outbox').pluck().get() as number) === 0;
        },
        'the outbox to drain',
        30_000,
      ).catch((err: Error) => {
        const left = kioskDb((db) => db.prepare('SELECT statement_id, attempts, next_try_at, last_error, quarantined_reason FROM outbox').all());
        throw new Error(`${err.message}; left in the outbox at ${new Date().toISOString()}: ${JSON.stringify(left)}`);
      });
      drainSeconds = (Date.now() - faultsStopped) / 1000;
    } finally {
      if (kiosk) await killKiosk(kiosk);
      proxy.faultsOn = false;
    }

    const inStore = kioskDb((db) => db.prepare('SELECT id FROM completions').pluck().all() as string[]);
    const stored = new Set(inStore);
    const ackedNotStored = [...acked].filter((id) => !stored.has(id)).length;
    const onServer = await storedCount(s, inStore);
    const ackedOnServer = await storedCount(s, [...acked]);
    const left = kioskDb((db) => db.prepare('SELECT count(*) FILTER (WHERE quarantined_reason IS NULL) AS queued, count(*) FILTER (WHERE quarantined_reason IS NOT NULL) AS quarantined FROM outbox').get() as { queued: number; quarantined: number });
    console.log(`kiosk kill -9 during Done: drained ${drainSeconds.toFixed(1)} s after the faults stopped, acknowledged ${acked.size}, in the kiosk store ${inStore.length}, on server ${onServer.distinct}, acknowledged but not stored ${ackedNotStored}, doubled ${onServer.rows - onServer.distinct}, queued ${left.queued}, quarantined ${left.quarantined}`);
    expect({
      lost: acked.size - ackedOnServer.distinct,
      ackedNotStored,
      storeNotOnServer: inStore.length - onServer.distinct,
      doubled: onServer.rows - onServer.distinct,
      stranded: left.queued,
      quarantined: left.quarantined,
    }).toEqual({ lost: 0, ackedNotStored: 0, storeNotOnServer: 0, doubled: 0, stranded: 0, quarantined: 0 });
  }, 300_000);
});
