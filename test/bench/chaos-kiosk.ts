/**
 * One kiosk process for `npm run bench:chaos`: a real kiosk store and sync service, recording a
 * completion every `--every-ms` and printing `ack <id>` once it is committed (what the worker saw
 * acknowledged). Killed with SIGKILL at any moment and started again on the same data directory.
 */
import { parseArgs } from 'node:util';
import { openStore } from '../../electron/core/store/open-store';
import { DEFAULT_BACKOFF } from '../../electron/core/sync/backoff';
import { SyncService } from '../../electron/core/sync/sync-service';
import { randomUUID } from 'node:crypto';
import { writeCompletion } from '../../electron/core/completions/completion-writer';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, server: { type: 'string' }, code: { type: 'string' }, 'every-ms': { type: 'string' }, 'backoff-cap-ms': { type: 'string' } },
});
const dataDir = values['data-dir']!;
const store = openStore(dataDir);
const sync = new SyncService({
  db: store.db,
  dataDir,
  mediaDir: store.mediaDir,
  server: { url: values.server!, enrollmentCode: values.code, syncIntervalSeconds: 60 },
  terminalName: 'chaos kiosk',
  // A run of failed cycles backs off up to 5 minutes (DEFAULT_BACKOFF); a test that waits for the
  // drain after its faults stop may cap that wait, the exactly-once rules being the same either way.
  ...(values['backoff-cap-ms'] ? { backoff: { ...DEFAULT_BACKOFF, capMs: Number(values['backoff-cap-ms']) } } : {}),
  now: () => new Date(),
  onStatus: () => undefined,
  onEvent: (kind, detail) => process.env.CHAOS_DEBUG && process.stderr.write(`${kind}: ${detail}\n`),
});
sync.start();
const recorder = setInterval(() => {
  try {
    const id = randomUUID();
    const completedAt = new Date();
    writeCompletion(store.db, {
      id,
      workerId: 'E100',
      lessonId: 'press-guard',
      lessonVersion: 1,
      language: 'en',
      score: null,
      passed: null,
      durationMs: 60_000,
      answers: [],
      startedAt: new Date(completedAt.getTime() - 60_000),
      completedAt,
      siteId: 'plant-2',
      stationId: 'press-line-4',
    });
    process.stdout.write(`ack ${id}\n`);
    sync.kick();
  } catch (err) {
    // not enrolled or roster not pulled yet: nothing acknowledged
    if (process.env.CHAOS_DEBUG) process.stderr.write(`not recorded: ${(err as Error).message}\n`);
  }
}, Number(values['every-ms'] ?? '50'));

// the benchmark's end of shift: stop recording, keep syncing. The sync service's timers are unref'd
// (a host keeps itself alive: Electron's app, the web host's HTTP server) and the recorder was this
// process's only handle, so without one it ended the first time its sync waited for a retry, with
// the backlog still in the outbox.
process.on('SIGUSR2', () => {
  clearInterval(recorder);
  setInterval(() => undefined, 1 << 30);
});
// SIGUSR2 ends a process that has no handler yet: the benchmark waits for this line before sending it
process.stdout.write('ready\n');
