import type Database from 'better-sqlite3';
import type { SyncStatus } from '../../../common/contracts/kiosk-api';
import type { TerminalStatusReport } from '../../../common/contracts/sync';
import type { TerminalContext } from '../../../common/xapi/completion';
import { findCachedMedia } from '../store/media-cache';
import { savePinPepper } from '../secrets/pin-pepper';
import { pendingSecurityEvents, removeSentSecurityEvents } from '../security-events/security-event-outbox';
import { applyPullPage } from './apply-pull';
import { DEFAULT_BACKOFF, halfJitterDelayMs, nextCycleDelayMs, PROBE_BACKOFF, STATEMENT_BACKOFF, type BackoffPolicy, type SyncOutcome } from './backoff';
import { missingMedia, promoteReadyLessons, type MediaPresent } from './lesson-media';
import { downloadMedia, removePartialDownloads } from './media-download';
import { acknowledge, deferStatement, nextOutboxBatch, noteAttempt, outboxCounts, quarantine, requeueQuarantined } from './outbox-repo';
import { pushBatch } from './push-batch';
import { BadResponse, credentialRefusalDetail, isCredentialRefusal, NetworkError, ServerRefusal } from './sync-errors';
import { SyncHttp, type FetchLike, type TerminalAuth } from './sync-http';
import { clearSyncState, readSyncState, writeSyncState } from './sync-state';
import type { SecretBox } from '../secrets/secret-box';
import { enrollmentRequestId, enrollmentStep, loadIdentity, markIdentityRejected, saveIdentity, type TerminalIdentity } from './terminal-identity';

/** The server did not answer as itself (connection refused or cut, a proxy's page, a gateway error): probe until it does. */
function isUnreachable(err: unknown): boolean {
  return err instanceof NetworkError || (err instanceof ServerRefusal && (!err.fromServer || err.status >= 502));
}

/** The xAPI batch limit the kiosk keeps to (the server takes more; smaller batches fail cheaper). */
export const MAX_BATCH = 500;
const PULL_PAGE = 500;
const PUSH_LANES = 2;
/** Security events per request (the server takes up to 100). */
const SECURITY_EVENT_BATCH = 100;
/** The fleet view's figures are at most this old while the server answers (and fresh after a re-queue). */
export const STATUS_REPORT_INTERVAL_MS = 60_000;

/** What the sync service cannot know itself for the fleet status report: the host fills it in. */
export type TerminalFacts = Pick<TerminalStatusReport, 'appVersion' | 'siteId' | 'stationId' | 'reader' | 'dataDirFreeBytes'>;

export interface SyncServiceOptions {
  db: Database.Database;
  dataDir: string;
  mediaDir: string;
  server: { url: string; enrollmentCode?: string; syncIntervalSeconds: number };
  /** How the terminal names itself at enrollment (site IT sees it in the terminal list). */
  terminalName: string;
  now: () => Date;
  onStatus: (status: SyncStatus) => void;
  /** Event log for site IT; gets no secrets. */
  onEvent: (kind: string, detail: string) => void;
  /** Every error a cycle ended with, for the host to recognise a full or read-only disk; must not throw. */
  onFailure?: (err: unknown) => void;
  random?: () => number;
  fetch?: FetchLike;
  backoff?: BackoffPolicy;
  batchSize?: number;
  /** Seals the terminal credential in the database with the OS keystore (Electron); absent in the web host. */
  secretBox?: SecretBox;
  /** Version, place, reader and disk for the fleet status report (POST /api/v1/sync/status); without it no report is sent. */
  describeTerminal?: () => Promise<TerminalFacts>;
}

const ENROLLMENT_REFUSALS: Record<string, string> = {
  'enrollment-code-unknown': 'The server does not know the enrollment code in the terminal config (check it for typos)',
  'enrollment-code-used': 'The enrollment code in the terminal config was already used (each code enrolls one terminal)',
  'enrollment-code-expired': 'The enrollment code in the terminal config has expired',
};
const NEW_CODE = 'ask site IT for a new enrollment code and put it in the terminal config (server.enrollmentCode), then restart the kiosk.';

/**
 * Keeps one terminal in step with the server: enrolls once, drains the outbox in batches, pulls
 * roster and lessons by cursor, fetches media. One cycle at a time; the next is scheduled after
 * the regular interval, or after backoff when the server could not be reached. Everything it must
 * not lose is in SQLite, so a restart simply picks up where the last run stopped.
 */
export class SyncService {
  private readonly db: Database.Database;
  private readonly http: SyncHttp;
  private readonly stopper = new AbortController();
  private readonly random: () => number;
  private readonly batchSize: number;
  private readonly backoff: BackoffPolicy;
  private status: SyncStatus;
  private failures = 0;
  /** How the last failed cycle failed: 'unreachable' is followed by cheap probes, 'error' by backoff. */
  private lastFailure: 'unreachable' | 'error' = 'error';
  private probing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<SyncOutcome> | null = null;
  private rerun = false;
  private started = false;
  private stopped = false;
  /** When the last fleet status report was tried (opts.now() ms); null: report in the next cycle. */
  private lastStatusReportAt: number | null = null;
  private lastStatusReportError: string | null = null;
  private lastSecurityEventsError: string | null = null;

  constructor(private readonly opts: SyncServiceOptions) {
    this.db = opts.db;
    const fetchFn = opts.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
    // stop() aborts whatever request is in flight, so closing the kiosk never waits out a timeout
    this.http = new SyncHttp({
      serverUrl: opts.server.url,
      fetch: (url, init) => fetchFn(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, this.stopper.signal]) : this.stopper.signal }),
    });
    this.random = opts.random ?? Math.random;
    this.batchSize = Math.min(opts.batchSize ?? MAX_BATCH, MAX_BATCH);
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    removePartialDownloads(opts.mediaDir);
    this.status = { state: 'offline', ...outboxCounts(this.db), lastSyncAt: readSyncState(this.db, 'last_sync_at'), detail: 'Connecting to the server…', download: null };
  }

  getStatus(): SyncStatus {
    return this.status;
  }

  /** First cycle now, then on its own schedule. */
  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /**
   * A completion was recorded: send it now. After a failure it triggers a cheap /healthz probe
   * instead, and a full cycle only when that answers, so a busy shift does not hammer a dead link.
   */
  kick(): void {
    this.publish(outboxCounts(this.db));
    if (!this.started || this.stopped) return;
    if (this.running) this.rerun = true;
    else if (this.failures > 0) void this.probe();
    else this.schedule(0);
  }

  /** Site IT's "send again": quarantined statements go back in the queue and a cycle starts. Returns how many. */
  requeueQuarantined(): number {
    const count = requeueQuarantined(this.db, this.opts.now());
    this.failures = 0;
    this.lastStatusReportAt = null;
    this.kick();
    return count;
  }

  /**
   * Runs one full cycle now (or waits for the one running) and returns how it went. Before start()
   * nothing follows on its own, so a caller (tests, the benchmark) drives every cycle.
   */
  async syncNow(): Promise<SyncOutcome> {
    if (this.running) await this.running;
    return this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopper.abort();
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number, next: () => unknown = () => this.run()): void {
    if (!this.started || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void next();
    }, delayMs);
    this.timer.unref?.();
  }

  /** One GET /healthz; a full cycle at once when it answers, the next probe shortly when not. */
  private async probe(): Promise<void> {
    if (this.probing || this.running || this.stopped) return;
    this.probing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let healthy = false;
    try {
      healthy = await this.http.healthy();
    } finally {
      this.probing = false;
    }
    if (this.stopped || this.running) return;
    if (healthy) {
      void this.run();
    } else {
      this.failures++;
      this.schedule(halfJitterDelayMs(this.failures, this.random, PROBE_BACKOFF), () => this.probe());
    }
  }

  private run(): Promise<SyncOutcome> {
    if (this.running) return this.running;
    const cycle = (async (): Promise<SyncOutcome> => {
      let outcome: SyncOutcome;
      try {
        do {
          this.rerun = false;
          outcome = await this.cycle();
        } while (outcome === 'ok' && this.rerun && !this.stopped);
      } catch (err) {
        this.opts.onFailure?.(err);
        // cycle() handles every failure it expects; this only catches its own error handling failing
        // (say the database became unreadable), so the loop backs off and tries again instead of
        // staying "running" forever with nothing scheduled.
        try {
          this.opts.onEvent('sync-failed', `sync cycle crashed: ${(err as Error).message}`);
        } catch {
          // the event log is on the same failing disk; the schedule below must still happen
        }
        outcome = 'failed';
      }
      return outcome;
    })();
    this.running = cycle;
    void cycle.then((outcome) => {
      this.running = null;
      this.failures = outcome === 'failed' ? this.failures + 1 : 0;
      if (outcome === 'failed' && this.lastFailure === 'unreachable') {
        this.schedule(halfJitterDelayMs(this.failures, this.random, PROBE_BACKOFF), () => this.probe());
        return;
      }
      const delay = nextCycleDelayMs(outcome, this.failures, this.opts.server.syncIntervalSeconds * 1000, this.random, this.backoff);
      if (delay !== null) this.schedule(delay);
    });
    return cycle;
  }

  private async cycle(): Promise<SyncOutcome> {
    if (this.stopped) return 'stopped';
    try {
      const identity = await this.identity();
      if (!identity) return 'stopped';
      const auth: TerminalAuth = { terminalId: identity.terminalId, credential: identity.credential };
      // a push that fails (other than by the network or the credential) must not hold up pull and media
      let pushFailure: { err: unknown } | null = null;
      try {
        // statements are built on the server's canonical URL, which a pull hands over: learn it before the first push
        if (readSyncState(this.db, 'public_url') === null) await this.pull(auth);
        await this.push(auth, identity);
      } catch (err) {
        if (err instanceof NetworkError || isCredentialRefusal(err)) throw err;
        pushFailure = { err };
      }
      await this.pull(auth);
      const mediaFailures = await this.fetchMedia(auth);
      const at = this.opts.now().toISOString();
      if (!pushFailure) writeSyncState(this.db, 'last_sync_at', at);
      await this.sendSecurityEvents(auth);
      // after a push failure too: the fleet view is where an admin sees a terminal whose queue does not drain
      await this.reportStatus(auth);
      if (pushFailure) throw pushFailure.err;
      const detail = mediaFailures > 0 ? `${mediaFailures} lesson media file(s) could not be downloaded intact; retrying shortly.` : null;
      this.publish({ state: 'online', lastSyncAt: at, detail, ...outboxCounts(this.db) });
      this.lastFailure = 'error';
      return mediaFailures > 0 ? 'failed' : 'ok';
    } catch (err) {
      return this.failed(err);
    }
  }

  private failed(err: unknown): SyncOutcome {
    if (this.stopped) return 'stopped';
    this.opts.onFailure?.(err);
    this.lastFailure = isUnreachable(err) ? 'unreachable' : 'error';
    const counts = outboxCounts(this.db);
    if (isCredentialRefusal(err)) {
      const detail = credentialRefusalDetail(err);
      markIdentityRejected(this.db, detail);
      this.opts.onEvent('sync-credential-refused', `${err.status} ${err.error}`);
      this.publish({ state: 'error', detail, ...counts, download: null });
      return 'stopped';
    }
    if (err instanceof NetworkError || (err instanceof ServerRefusal && err.status >= 500)) {
      const waiting = counts.queued > 0 ? ` ${counts.queued} completion(s) are kept here and will be sent when it is back.` : '';
      this.publish({ state: 'offline', detail: `${err.message}.${waiting}`, ...counts, download: null });
      return 'failed';
    }
    const message = err instanceof BadResponse || err instanceof ServerRefusal ? err.message : `sync failed: ${(err as Error).message}`;
    this.opts.onEvent('sync-error', message);
    this.publish({ state: 'error', detail: `${message}. Retrying; tell site IT if this stays.`, ...counts, download: null });
    return 'failed';
  }

  /** The stored identity, or a new one from the config's enrollment code; null when sync cannot proceed. */
  private async identity(): Promise<TerminalIdentity | null> {
    const step = enrollmentStep(loadIdentity(this.db, this.opts.secretBox), this.opts.server.enrollmentCode, readSyncState(this.db, 'refused_code_hash'), readSyncState(this.db, 'refused_code_detail'));
    if (step.kind === 'use') return step.identity;
    if (step.kind === 'stuck') {
      this.publish({ state: 'error', detail: step.detail, ...outboxCounts(this.db) });
      return null;
    }
    this.publish({ state: 'enrolling', detail: 'Enrolling this terminal with the server…' });
    try {
      const requestId = enrollmentRequestId(this.db, step.codeHash, this.opts.secretBox);
      const enrolled = await this.http.enroll({ code: step.code, terminalName: this.opts.terminalName, requestId });
      this.db.transaction(() => {
        saveIdentity(this.db, enrolled, step.codeHash, this.opts.now(), this.opts.secretBox);
        clearSyncState(this.db, 'enrollment_request');
        if (enrolled.publicUrl) writeSyncState(this.db, 'public_url', enrolled.publicUrl);
        if (enrolled.pinPepper) savePinPepper(this.db, enrolled.pinPepper, this.opts.secretBox);
        // a re-enrolled terminal may belong to another site now: pull everything again (upserts are idempotent)
        writeSyncState(this.db, 'pull_cursor', '0');
        // and offer what the old credential had refused once more: the server decides again
        requeueQuarantined(this.db, this.opts.now());
      })();
      this.opts.onEvent('sync-enrolled', `terminal ${enrolled.terminalId} at ${enrolled.site.id} / ${enrolled.station.id}`);
      return loadIdentity(this.db, this.opts.secretBox);
    } catch (err) {
      // only this server's own refusal speaks about the code: a proxy's 4xx page (fromServer false) is retried like an outage
      if (err instanceof ServerRefusal && err.fromServer && err.status >= 400 && err.status < 500) {
        const detail = `${ENROLLMENT_REFUSALS[err.error] ?? `The server refused to enroll this terminal (${err.error})`}: ${NEW_CODE}`;
        // the same code will not work on a retry; wait for a new one rather than asking again and again
        writeSyncState(this.db, 'refused_code_hash', step.codeHash);
        writeSyncState(this.db, 'refused_code_detail', detail);
        this.opts.onEvent('sync-enrollment-refused', err.error);
        this.publish({ state: 'error', detail, ...outboxCounts(this.db) });
        return null;
      }
      throw err;
    }
  }

  private async push(auth: TerminalAuth, identity: TerminalIdentity): Promise<void> {
    const serverUrl = readSyncState(this.db, 'public_url') ?? this.opts.server.url;
    const ctx: TerminalContext = { serverUrl, siteId: identity.siteId, stationId: identity.stationId, terminalId: identity.terminalId };
    const port = {
      send: (items: { json: string }[]) => this.http.postStatements(auth, items.map((i) => i.json)),
      acknowledge: (ids: string[]) => acknowledge(this.db, ids),
      quarantine: (id: string, reason: string) => {
        quarantine(this.db, id, reason, this.opts.now());
        this.opts.onEvent('sync-quarantined', `statement ${id}: ${reason}`);
      },
      defer: (id: string, reason: string) => {
        deferStatement(this.db, id, reason, this.opts.now(), (attempts) => halfJitterDelayMs(attempts, this.random, STATEMENT_BACKOFF));
        this.opts.onEvent('sync-deferred', `statement ${id} failed on its own and waits for its next try: ${reason}`);
      },
      serverHealthy: () => this.http.healthy(),
    };
    // Two batches in flight: the kiosk builds and acknowledges one while the server stores the other.
    // Order across batches does not matter (each statement carries its own timestamp).
    const inFlight = new Set<string>();
    let failure: { err: unknown } | null = null;
    const lane = async () => {
      while (!this.stopped && !failure) {
        const batch = nextOutboxBatch(this.db, this.batchSize, ctx, this.opts.now(), inFlight);
        if (batch.length === 0) return;
        const ids = batch.map((b) => b.statementId);
        ids.forEach((id) => inFlight.add(id));
        try {
          await pushBatch(batch, port);
        } catch (err) {
          // a refusal of the terminal itself (401/403) says nothing about these statements: leave them as they are
          if (!(err instanceof ServerRefusal && (err.status === 401 || err.status === 403))) noteAttempt(this.db, ids, err instanceof Error ? err.message : String(err));
          failure ??= { err };
          return;
        } finally {
          ids.forEach((id) => inFlight.delete(id));
        }
        this.publish({ state: 'online', detail: null, ...outboxCounts(this.db) });
      }
    };
    await Promise.all(Array.from({ length: PUSH_LANES }, lane));
    if (failure) throw (failure as { err: unknown }).err;
  }

  /**
   * Sends the security events outbox (PIN lockouts, unknown-badge throttling) and deletes what the
   * server stored. A refusal (an older server without the endpoint answers 404) leaves them queued
   * for the next cycle and does not fail the sync; it is logged once per distinct failure.
   */
  private async sendSecurityEvents(auth: TerminalAuth): Promise<void> {
    for (;;) {
      const events = pendingSecurityEvents(this.db, SECURITY_EVENT_BATCH);
      if (events.length === 0) return;
      try {
        await this.http.postSecurityEvents(auth, events);
        this.lastSecurityEventsError = null;
      } catch (err) {
        if (err instanceof NetworkError || isCredentialRefusal(err)) throw err;
        const message = err instanceof Error ? err.message : String(err);
        if (message !== this.lastSecurityEventsError) this.opts.onEvent('sync-security-events-failed', `security events not sent, kept for the next sync: ${message}`);
        this.lastSecurityEventsError = message;
        return;
      }
      removeSentSecurityEvents(this.db, events.map((e) => e.id));
      if (events.length < SECURITY_EVENT_BATCH) return;
    }
  }

  /**
   * Best effort, at most once per STATUS_REPORT_INTERVAL_MS: a report that fails (an older server
   * without the endpoint answers 404) leaves the terminal stale in the fleet view, never fails the sync.
   */
  private async reportStatus(auth: TerminalAuth): Promise<void> {
    const describe = this.opts.describeTerminal;
    const nowMs = this.opts.now().getTime();
    if (!describe || (this.lastStatusReportAt !== null && nowMs - this.lastStatusReportAt < STATUS_REPORT_INTERVAL_MS)) return;
    this.lastStatusReportAt = nowMs;
    try {
      const facts = await describe();
      await this.http.reportStatus(auth, { ...facts, lastSyncAt: readSyncState(this.db, 'last_sync_at'), ...outboxCounts(this.db) });
      this.lastStatusReportError = null;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // once per distinct failure, not once a minute
      if (message !== this.lastStatusReportError) this.opts.onEvent('sync-status-report-failed', `fleet status not reported: ${message}`);
      this.lastStatusReportError = message;
    }
  }

  private async pull(auth: TerminalAuth): Promise<void> {
    let cursor = Number(readSyncState(this.db, 'pull_cursor') ?? '0');
    for (;;) {
      if (this.stopped) return;
      const page = await this.http.pull(auth, cursor, PULL_PAGE);
      if (page.pinPepper) savePinPepper(this.db, page.pinPepper, this.opts.secretBox);
      applyPullPage(this.db, page, this.present);
      if (page.publicUrl) writeSyncState(this.db, 'public_url', page.publicUrl);
      cursor = page.nextCursor;
      if (!page.hasMore) return;
    }
  }

  /** Returns how many files failed verification or are missing at the server. */
  private async fetchMedia(auth: TerminalAuth): Promise<number> {
    promoteReadyLessons(this.db, this.present);
    const hashes = missingMedia(this.db, this.present);
    if (hashes.length === 0) return 0;
    const result = await downloadMedia({
      db: this.db,
      mediaDir: this.opts.mediaDir,
      http: this.http,
      auth,
      hashes,
      onProgress: (done, total) => this.publish({ download: done < total ? { done, total } : null }),
    });
    for (const f of result.failed) this.opts.onEvent('media-download-failed', `${f.sha256}: ${f.reason}`);
    promoteReadyLessons(this.db, this.present);
    return result.failed.length;
  }

  private readonly present: MediaPresent = (sha256) => findCachedMedia(this.db, this.opts.dataDir, sha256) !== null;

  private publish(change: Partial<SyncStatus>): void {
    if (this.stopped && change.state !== undefined) return;
    this.status = { ...this.status, ...change };
    this.opts.onStatus(this.status);
  }
}
