/**
 * Drain time of one terminal's outbox: N completions queued offline on a kiosk store, then one sync
 * run pushes them all over real HTTP (127.0.0.1) to the server, in batches of 500 as the kiosk sends
 * them. PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. Target: 100k in < 60 s.
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx test/bench/sync-drain.ts [count]
 */
import fs from 'node:fs';
import { outboxCounts } from '../../electron/core/sync/outbox-repo';
import { enrollmentCode, openKiosk, recordCompletions, seedPlant, startLiveServer, tempDataDir } from '../server/kiosk-sync-fixture';
import { benchArgs } from './bench-args';

export interface SyncDrainResult {
  database: 'postgres' | 'pglite';
  statements: number;
  seconds: number;
  statementsPerSecond: number;
}

export const DRAIN_TARGET_SECONDS = 60;

export async function runSyncDrainBench(count = 100_000): Promise<SyncDrainResult> {
  const server = await startLiveServer();
  const dataDir = tempDataDir();
  try {
    await seedPlant(server);
    const terminal = openKiosk(dataDir, server.url, await enrollmentCode(server));
    try {
      if ((await terminal.sync.syncNow()) !== 'ok') throw new Error(`enrollment failed: ${terminal.sync.getStatus().detail}`);
      recordCompletions(terminal.store, count);
      const started = process.hrtime.bigint();
      const outcome = await terminal.sync.syncNow();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const left = outboxCounts(terminal.store.db);
      const stored = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM statements')).rows[0].n;
      if (outcome !== 'ok' || left.queued !== 0 || left.quarantined !== 0 || stored !== count) {
        throw new Error(`drain incomplete: outcome ${outcome}, ${left.queued} queued, ${left.quarantined} quarantined, ${stored} of ${count} stored`);
      }
      return { database: server.db.kind, statements: count, seconds, statementsPerSecond: count / seconds };
    } finally {
      await terminal.close();
    }
  } finally {
    await server.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatSyncDrain(r: SyncDrainResult): string {
  const verdict = r.seconds < DRAIN_TARGET_SECONDS ? 'MET' : 'NOT MET';
  return `sync drain (${r.database}): ${r.statements} statements from one terminal in ${r.seconds.toFixed(1)} s (${Math.round(r.statementsPerSecond)} statements/s); target < ${DRAIN_TARGET_SECONDS} s: ${verdict}`;
}

if (require.main === module) {
  const { positionals } = benchArgs('Usage: npx tsx test/bench/sync-drain.ts [statements (default 100000)]', {});
  const count = Number(positionals[0] ?? 100_000);
  runSyncDrainBench(count)
    .then((r) => console.log(formatSyncDrain(r)))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
