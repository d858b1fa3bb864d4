import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  type KioskCoreHandle,
  type KioskNotice,
  type KioskSnapshot,
  type NoticeCode,
  type ReaderState,
  type TapResult,
} from '../../common/contracts/kiosk-api';
import type { KioskConfig } from '../../kiosk-config/schema';
import { maskBadge } from '../../common/privacy/mask-badge';
import { seedDemoIfEmpty } from './demo/seed-demo';
import { unavailableCore } from './api/unavailable-core';
import { validatedApi, type KioskCallHandlers } from './api/validated-api';
import { dropAttemptsExcept, saveAttemptAnswers, saveNewAttempt } from './lessons/attempt-repo';
import { createLessonDesk } from './lessons/lesson-desk';
import { listLessonMeta } from './lessons/lesson-repo';
import { languagePreference, nextLessons, pickLanguageVariants } from './lessons/next-lesson';
import { createWorkerPaths } from './paths/worker-paths';
import { startHidReader } from './reader/hid-reader';
import { myTraining } from './credentials/my-training';
import { KioskCoreError } from './kiosk-core-error';
import { KioskSession } from './session/kiosk-session';
import { findWorkerByBadge, type RosterWorker } from './session/roster-repo';
import { logEvent, pruneEvents } from './store/event-log';
import { findCachedMedia } from './store/media-cache';
import { DB_FILE_NAME, openStore, type OpenStoreOptions, type Store } from './store/open-store';
import { protectDataDir } from './store/private-data-dir';
import { loadPinPepper } from './secrets/pin-pepper';
import { COOLDOWN_MS, freshThrottle, MAX_UNKNOWN, pausedUntil, recordUnknown, secondsLeft, WINDOW_MS, type UnknownBadgeState } from './session/unknown-badge-throttle';
import { isSecurityEventKind, queueSecurityEvent } from './security-events/security-event-outbox';
import type { SecretBox } from './secrets/secret-box';
import { describeOpenFailure } from './store/store-open-error';
import { isStorageFault } from './store/storage-fault';
import { StorageWatch } from './store/storage-watch';
import { outboxCounts, requeueQuarantined } from './sync/outbox-repo';
import { SyncService } from './sync/sync-service';
import type { FetchLike } from './sync/sync-http';
import { recordTerminalPlace } from './store/terminal-place';
import { appVersion } from './diagnostics/app-version';
import { checkDisk, gatherDiagnostics, type DiagnosticsProbes } from './diagnostics/gather';
import { openTerminalLog } from './logging/terminal-log';
import { createCatalogSource } from './paths/catalog-source';
import { recentEvents } from './store/event-log';
import { DEMO_DIAGNOSTICS_PIN, seedDemoSupervisorPins } from './supervisor/demo-pins';
import { hashPin, type ScryptCost } from '../../common/staff/pin-hash';
import { StaffDesk } from './supervisor/staff-desk';

export interface CreateKioskCoreOptions {
  config: KioskConfig;
  dataDir: string;
  now?: () => Date;
  /** Test seams for the sync service: the HTTP client and the backoff jitter source. */
  sync?: { fetch?: FetchLike; random?: () => number };
  /**
   * Test seams for storage faults: maxPageCount (a full disk) is passed to openStore; opened gets the
   * store's connection, so a test can give the space back (PRAGMA max_page_count) while the core runs.
   */
  store?: Pick<OpenStoreOptions, 'maxPageCount'> & { opened?: (db: Database.Database) => void; probeIntervalMs?: number };
  /** Where the config came from (kiosk-config load), for the diagnostics screen and the log. */
  configSource?: string;
  /** Site IT ended kiosk mode with the PIN: the Electron shell quits. Absent in the web host. */
  onExitRequested?: () => void;
  /** The OS keystore for the terminal credential (the Electron shell's safeStorage); absent in the web host. */
  secretBox?: SecretBox;
  /** Test seams for the diagnostics screen's server and disk probes. */
  diagnostics?: Partial<DiagnosticsProbes>;
  /** The scrypt cost of the demo PINs the core hashes at start; tests pass a cheap one. */
  pinHashCost?: ScryptCost;
}

type Listener = (snapshot: KioskSnapshot) => void;

function initialReader(config: KioskConfig): ReaderState {
  return config.reader.mode === 'wedge'
    ? { mode: 'wedge', state: 'listening', lastReadAt: null }
    : { mode: 'hid', state: 'disconnected', detail: 'Looking for the badge reader…', lastReadAt: null };
}

function baseSnapshot(config: KioskConfig): KioskSnapshot {
  const affixes = config.badge.stripPrefix.length + config.badge.stripSuffix.length;
  return {
    status: 'ready',
    error: null,
    terminal: {
      site: config.site.id,
      station: config.station.id,
      stationName: config.station.name,
      siteName: config.site.name,
      demo: config.demo,
      language: config.language,
      idleTimeoutSeconds: config.idleTimeoutSeconds,
      resumeWindowSeconds: config.resumeWindowSeconds,
    },
    reader: initialReader(config),
    session: null,
    notice: null,
    // the renderer sees the raw burst, prefix and suffix included
    wedge: {
      maxInterKeyMs: config.reader.mode === 'wedge' ? config.reader.maxInterKeyMs : 100,
      minLength: config.badge.minLength,
      maxLength: config.badge.maxLength + affixes,
    },
  };
}

function createListeners() {
  const listeners = new Set<Listener>();
  return {
    add(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(snapshot: KioskSnapshot): void {
      for (const listener of listeners) {
        try {
          listener(snapshot);
        } catch {
          // one broken transport listener must not stop the others or the core
        }
      }
    },
    clear: () => listeners.clear(),
  };
}

/**
 * The composition root of the kiosk core: opens the store, seeds the demo, wires reader, sessions,
 * lessons and completions, and exposes the one KioskApi both transports host. Never imports Electron.
 */
export async function createKioskCore(opts: CreateKioskCoreOptions): Promise<KioskCoreHandle> {
  const { config } = opts;
  const now = opts.now ?? (() => new Date());
  const configSource = opts.configSource ?? 'passed in by the host';
  const log = await openTerminalLog(opts.dataDir);
  log.info('kiosk core starting', { version: appVersion(), configSource, site: config.site.id, station: config.station.id, reader: config.reader.mode, demo: config.demo });

  let store: Store;
  try {
    store = openStore(opts.dataDir, opts.store);
    recordTerminalPlace(store.db, config.site, config.station);
    if (config.demo) seedDemoIfEmpty(store, now());
    if (config.demo) await seedDemoSupervisorPins(store.db, now(), opts.pinHashCost);
    pruneEvents(store.db, now(), config.eventRetention);
  } catch (err) {
    log.error('kiosk core cannot start', { reason: err instanceof Error ? err.message : String(err) });
    await log.close();
    // a disk that fills up or turns read-only during start-up shows as such, not as a crash
    return unavailableCore(baseSnapshot(config), isStorageFault(err) ? describeOpenFailure(err, path.join(opts.dataDir, DB_FILE_NAME)) : err);
  }
  const { db } = store;
  opts.store?.opened?.(db);

  const listeners = createListeners();
  let snapshot = baseSnapshot(config);
  const paths = createWorkerPaths(db, config.station.id, config.language);

  function publish(change: Partial<KioskSnapshot>): void {
    snapshot = { ...snapshot, ...change };
    listeners.emit(snapshot);
  }

  /** Set once the sync service exists: security events go to the server at once. */
  let sendSecurityEventsSoon = (): void => {};

  /**
   * Never throws: an event that cannot be stored (full or read-only disk) still reaches the log.
   * Security events (PIN lockouts, unknown-badge throttling) are also queued for the server.
   */
  function event(kind: string, detail: string): void {
    log.event(kind, detail);
    try {
      logEvent(db, now(), kind, detail, config.eventRetention);
      if (isSecurityEventKind(kind)) {
        queueSecurityEvent(db, kind, detail, now());
        sendSecurityEventsSoon();
      }
    } catch (err) {
      log.error('event not stored in the local database', { kind, reason: (err as Error).message });
      storage.noteFailure(err);
    }
  }

  // A refused write anywhere (Done, an event, a sync cycle) shows the storage screen; the probe clears it.
  const storage = new StorageWatch({
    db,
    dataDir: store.dataDir,
    now,
    probeIntervalMs: opts.store?.probeIntervalMs,
    onChange: (fault) => {
      if (fault) log.error('storage refuses writes', { dataDir: fault.dataDir, kind: fault.kind, detail: fault.detail });
      publish({ storage: fault });
      if (!fault) {
        event('storage-recovered', `the data directory ${store.dataDir} takes writes again`);
        sync?.kick();
      }
    },
  });
  /** Every API call's failure passes by the storage watch: a storage fault becomes the storage state. */
  function watched<A extends unknown[], R>(call: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      try {
        const result = call(...args);
        if (result instanceof Promise) return result.catch((err: unknown) => {
          storage.noteFailure(err);
          throw err;
        }) as R;
        return result;
      } catch (err) {
        storage.noteFailure(err);
        throw err;
      }
    };
  }
  for (const warning of protectDataDir(store.dataDir)) event('data-dir-not-private', warning);

  function notice(code: NoticeCode, params: KioskNotice['params'] = {}): KioskNotice {
    return { code, params, at: now().toISOString() };
  }

  function sessionView(w: RosterWorker, startedAt: string): KioskSnapshot['session'] {
    const languages = languagePreference(w.language, config.language);
    const lessons = nextLessons(paths.recommend(w, now()), pickLanguageVariants(listLessonMeta(db, languages), languages));
    const { id, employeeId, firstName, displayName, language, roles } = w;
    return { worker: { id, employeeId, firstName, displayName, language, roles }, startedAt, ...lessons, attempt: session.attemptView() };
  }

  const session = new KioskSession({
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
    now,
    attempts: {
      saveNew: (attempt) => saveNewAttempt(db, attempt),
      saveAnswers: (completionId, answers) => saveAttemptAnswers(db, completionId, answers),
      dropExcept: (workerId) => dropAttemptsExcept(db, workerId),
    },
    onIdleWarning: (at) => publish({ idleWarning: at === null ? null : { signOutAt: new Date(at).toISOString() } }),
    onEnded: (why) => {
      staff.end();
      publish({ session: null, staff: null, idleWarning: null, ...(why === 'idle' ? { notice: notice('signed-out-idle') } : {}) });
    },
  });

  function touchReader(): ReaderState {
    return { ...snapshot.reader, lastReadAt: now().toISOString() };
  }

  let unknownBadges: UnknownBadgeState = freshThrottle;

  function handleBadge(raw: string): TapResult {
    const at = now();
    const paused = pausedUntil(unknownBadges, at.getTime());
    if (paused !== null) {
      publish({ reader: touchReader(), notice: notice('unknown-badges-paused', { seconds: secondsLeft(paused, at.getTime()) }) });
      return { outcome: 'paused', until: new Date(paused).toISOString() };
    }
    const result = session.readBadge(raw, config.badge);
    if (result.kind === 'rejected') {
      event('badge-rejected', `${result.reason}: ${result.detail}`);
      publish({ reader: touchReader(), notice: notice('badge-read-failed') });
      return { outcome: 'rejected', reason: result.reason };
    }
    if (result.kind === 'debounced') {
      publish({ reader: touchReader() });
      return { outcome: 'debounced' };
    }
    const found = findWorkerByBadge(db, result.badgeId);
    if (!found) {
      event('unknown-badge', `badge ${maskBadge(result.badgeId)} is not in the local roster`);
      const counted = recordUnknown(unknownBadges, at.getTime());
      unknownBadges = counted.state;
      if (counted.paused !== null) {
        event('unknown-badges-throttled', `${MAX_UNKNOWN} unknown badges within ${WINDOW_MS / 1000} s: taps ignored for ${COOLDOWN_MS / 1000} s`);
        publish({ reader: touchReader(), notice: notice('unknown-badges-paused', { seconds: secondsLeft(counted.paused, at.getTime()) }) });
        return { outcome: 'paused', until: new Date(counted.paused).toISOString() };
      }
      publish({ reader: touchReader(), notice: notice('unknown-badge') });
      return { outcome: 'unknown-badge' };
    }
    const outcome = session.tap(found);
    if (outcome === 'same-worker' && staff.active()) {
      // The next badge tap closes the supervisor or IT screen, even the same badge.
      publish({ reader: touchReader() });
      session.endSession('staff-closed');
    } else if (outcome === 'same-worker') {
      publish({ reader: touchReader() });
    } else {
      lessonDesk.restoreAttempt(found);
      staff.onSignIn(found);
      publish({ reader: touchReader(), notice: null, session: sessionView(found, at.toISOString()), staff: staff.view() });
    }
    return { outcome, workerId: found.id };
  }

  /** The worker's next lessons moved on, and the outbox grew: the sync service counts it, or else the snapshot does. */
  function completionRecorded(w: RosterWorker, completedAt: Date): void {
    const view = sessionView(w, snapshot.session?.startedAt ?? completedAt.toISOString());
    if (sync) {
      publish({ session: view });
      sync.kick();
    } else {
      publish({ session: view, sync: { ...snapshot.sync!, ...outboxCounts(db) } });
    }
  }

  const probes: DiagnosticsProbes = {
    fetch: (url, init) => fetch(url, init),
    statfs: (dir) => fs.promises.statfs(dir),
    now,
    ...opts.diagnostics,
  };
  const version = appVersion();
  const sync = config.server
    ? new SyncService({
        db,
        dataDir: store.dataDir,
        mediaDir: store.mediaDir,
        server: config.server,
        terminalName: `${config.site.name} / ${config.station.name}`,
        now,
        onStatus: (status) => publish({ sync: status }),
        onEvent: event,
        onFailure: (err) => storage.noteFailure(err),
        fetch: opts.sync?.fetch,
        random: opts.sync?.random,
        secretBox: opts.secretBox,
        describeTerminal: async () => ({
          appVersion: version,
          siteId: config.site.id,
          stationId: config.station.id,
          reader: { mode: snapshot.reader.mode, state: snapshot.reader.state },
          dataDirFreeBytes: (await checkDisk(store.dataDir, probes)).freeBytes,
        }),
      })
    : null;
  if (sync) sendSecurityEventsSoon = () => sync.kick();
  snapshot = {
    ...snapshot,
    sync: sync?.getStatus() ?? { state: 'not-configured', ...outboxCounts(db), lastSyncAt: null, detail: null, download: null },
  };
  sync?.start();

  const lessonDesk = createLessonDesk({
    db,
    session,
    paths,
    site: config.site,
    station: config.station,
    language: config.language,
    now,
    event,
    dataDir: store.dataDir,
    onCompleted: completionRecorded,
    onAttemptChanged: () => publish({ session: snapshot.session && { ...snapshot.session, attempt: session.attemptView() } }),
  });

  const staff = new StaffDesk({
    db,
    station: { id: config.station.id, name: config.station.name },
    language: config.language,
    now,
    catalog: createCatalogSource(db),
    diagnosticsPinHash: config.diagnostics?.pinHash ?? (config.demo ? await hashPin(DEMO_DIAGNOSTICS_PIN, { cost: opts.pinHashCost }) : null),
    pinPepper: () => loadPinPepper(db, opts.secretBox),
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
    event,
    onChange: (view) => publish({ staff: view }),
    gatherDiagnostics: () =>
      gatherDiagnostics(
        { snapshot, serverUrl: config.server?.url ?? null, dataDir: store.dataDir, appVersion: version, configSource, events: recentEvents(db, 50) },
        probes,
      ),
    requeueQuarantined: () => {
      // the sync service publishes the new counts and starts a cycle; a terminal without a server only recounts
      if (sync) return sync.requeueQuarantined();
      const requeued = requeueQuarantined(db, now());
      publish({ sync: { ...snapshot.sync!, ...outboxCounts(db) } });
      return requeued;
    },
    onExitRequested: opts.onExitRequested,
  });

  let hid: { stop(): void } | null = null;
  if (config.reader.mode === 'hid') {
    const affixes = config.badge.stripPrefix.length + config.badge.stripSuffix.length;
    hid = startHidReader({
      vendorId: config.reader.vendorId,
      productId: config.reader.productId,
      reconnectIntervalMs: config.reader.reconnectIntervalMs,
      maxLength: config.badge.maxLength + affixes,
      onBadge: (raw) => {
        handleBadge(raw);
      },
      onStatus: (s) => {
        if (s.state !== 'connected') event('reader-' + s.state, s.detail ?? '');
        publish({ reader: { mode: 'hid', state: s.state, detail: s.detail, lastReadAt: snapshot.reader.lastReadAt } });
      },
      onRejected: (reason) => event('badge-rejected', `hid reader: ${reason}`),
    });
  }

  const handlers: KioskCallHandlers = {
    getSnapshot: () => snapshot,
    tapBadge: (raw) => handleBadge(raw),
    reportActivity: () => {
      session.activity();
      staff.touch();
    },
    signOut: () => session.endSession('signed-out'),
    startLesson: (lessonId) => lessonDesk.startLesson(lessonId),
    saveProgress: (p) => lessonDesk.saveProgress(p),
    recordAnswer: (a) => lessonDesk.recordAnswer(a),
    completeLesson: (c) => lessonDesk.completeLesson(c),
    startReview: () => lessonDesk.startReview(),
    completeReview: (c) => lessonDesk.completeReview(c),
    logEvent: ({ kind, detail }) => event(`renderer:${kind}`, detail),
    verifyPin: (pin) => staff.verifyPin(pin),
    getStationBoard: () => staff.stationBoard(),
    getWorkerDetail: (workerId) => staff.workerDetail(workerId),
    openDiagnostics: () => staff.openDiagnostics(),
    getDiagnostics: () => staff.diagnostics(),
    exitKiosk: (pin) => staff.exitKiosk(pin),
    requeueQuarantined: () => staff.requeueQuarantined(),
    clearPinLockouts: () => staff.clearPinLockouts(),
    getMyTraining: () => {
      const worker = session.current;
      if (!worker) throw new KioskCoreError('bad-request', 'Nobody is signed in at this terminal: tap a badge first.');
      session.activity();
      return myTraining(db, worker, now(), config.server?.url ?? null);
    },
  };
  const api = validatedApi(
    Object.fromEntries(Object.entries(handlers).map(([name, call]) => [name, watched(call as (...args: unknown[]) => unknown)])) as unknown as KioskCallHandlers,
    (name, issues) => event('call-rejected', `${name}: ${issues}`),
  );
  log.info('kiosk core ready', { dataDir: store.dataDir, logDir: log.file });

  return {
    ...api,
    onSnapshot: (listener) => listeners.add(listener),
    mediaPath: (sha256) => (db.open ? (findCachedMedia(db, store.dataDir, sha256)?.path ?? null) : null),
    mediaType: (sha256) => (db.open ? (findCachedMedia(db, store.dataDir, sha256)?.mimeType ?? null) : null),
    close: async () => {
      hid?.stop();
      await sync?.stop();
      session.dispose();
      staff.dispose();
      storage.dispose();
      listeners.clear();
      store.close();
      log.info('kiosk core stopped');
      await log.close();
    },
  };
}
