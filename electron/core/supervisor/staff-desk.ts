import type Database from 'better-sqlite3';
import type { ClearLockoutsResult, DiagnosticsReport, ExitResult, PinResult, RequeueResult, StaffAccess, StationBoard, WorkerDetail } from '../../../common/contracts/staff';
import type { createCatalogSource } from '../paths/catalog-source';
import type { RosterWorker } from '../session/roster-repo';
import { listQuarantined } from '../sync/outbox-repo';
import { loadBoardInput } from './board-repo';
import { activeLockout } from './lockout';
import { parsePinHash } from '../../../common/staff/pin-hash';
import { checkPin } from './pin-gate';
import { activeLockouts, clearLockouts, hasSupervisorFlag, loadLockout, staffPinHash } from './pin-repo';
import { buildStationBoard, buildWorkerDetail } from './station-board';

export const SUPERVISOR_ROLE = 'supervisor';
export const IT_ROLE = 'it';
export const DIAGNOSTICS_SUBJECT = 'diagnostics';
/** The count is in the sync line; the list shows the latest ones, enough to find the cause. */
const QUARANTINE_SHOWN = 50;

/** A refused staff call, with the KioskCallError code the transports pass on. */
export class StaffAccessError extends Error {
  constructor(
    readonly code: 'bad-request' | 'not-found',
    message: string,
  ) {
    super(message);
    this.name = 'StaffAccessError';
  }
}

export interface StaffDeskOptions {
  db: Database.Database;
  station: { id: string; name: string };
  language: string;
  now: () => Date;
  catalog: ReturnType<typeof createCatalogSource>;
  /** The diagnostics PIN hash (config, or the demo's); null when none is configured. */
  diagnosticsPinHash: string | null;
  /** The site's PIN pepper for the keyed staff PIN hashes from the server (secrets/pin-pepper.ts); null before the first sync. */
  pinPepper: () => string | null;
  /** Diagnostics opened by the key chord has no worker session: it closes itself after this long untouched. */
  idleTimeoutMs: number;
  event: (kind: string, detail: string) => void;
  /** The staff screen changed by itself (a PIN checked, the chord, an idle timeout). */
  onChange: (staff: StaffAccess | null) => void;
  /** Everything but the quarantine list and the PIN lockouts, which the desk reads itself. */
  gatherDiagnostics: () => Promise<Omit<DiagnosticsReport, 'quarantine' | 'pinLockouts'>>;
  /** Puts the quarantined statements back in the sync queue (and starts a cycle when the terminal syncs); returns how many. */
  requeueQuarantined: () => number;
  /** The Electron shell quits on this; absent in the web host. */
  onExitRequested?: () => void;
}

interface Access {
  kind: StaffAccess['kind'];
  stage: StaffAccess['stage'];
  /** The supervisor or IT worker; null for the key chord. */
  worker: RosterWorker | null;
}

/**
 * Who may see the supervisor and site-IT screens, and when. The core asks the desk on every badge
 * sign-in and session end; the desk keeps the PIN stage and refuses board and diagnostics calls
 * unless the right PIN was entered in this session. The renderer never sees a PIN hash.
 */
export class StaffDesk {
  private access: Access | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: StaffDeskOptions) {}

  /** The snapshot's view of the staff screen. */
  view(): StaffAccess | null {
    const a = this.access;
    if (!a) return null;
    return {
      kind: a.kind,
      stage: a.stage,
      name: a.worker?.displayName ?? null,
      lockedUntil: activeLockout(loadLockout(this.o.db, this.subject(a)), this.o.now()),
      pinConfigured: this.storedHash(a) !== null,
    };
  }

  /**
   * A worker signed in by badge: supervisors (the roster's supervisor flag or the 'supervisor'
   * role) and IT get a PIN pad instead of a lesson. Returns whether the desk took over.
   */
  onSignIn(worker: RosterWorker): boolean {
    this.clearIdle();
    const supervisor = worker.roles.includes(SUPERVISOR_ROLE) || hasSupervisorFlag(this.o.db, worker.id);
    const kind = supervisor ? 'supervisor' : worker.roles.includes(IT_ROLE) ? 'diagnostics' : null;
    this.access = kind ? { kind, stage: 'pin', worker } : null;
    if (kind) this.o.event(`${kind}-pin-asked`, `${worker.id} tapped in; PIN pad shown`);
    return kind !== null;
  }

  /** The worker session ended (sign-out, idle, another badge). */
  end(): void {
    if (this.access?.stage === 'open') this.o.event(`${this.access.kind}-closed`, this.access.worker ? `${this.access.worker.id} left` : 'closed');
    this.access = null;
    this.clearIdle();
  }

  active(): boolean {
    return this.access !== null;
  }

  /** The site-IT key chord. */
  openDiagnostics(): void {
    if (this.access?.kind === 'diagnostics') return;
    this.access = { kind: 'diagnostics', stage: 'pin', worker: null };
    this.o.event('diagnostics-pin-asked', 'key chord pressed; PIN pad shown');
    this.touch();
    this.o.onChange(this.view());
  }

  /** Someone touched the terminal: postpones closing chord-opened diagnostics. */
  touch(): void {
    if (!this.access || this.access.worker) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.o.event('diagnostics-closed-idle', 'nobody touched the diagnostics screen');
      this.access = null;
      this.o.onChange(null);
    }, this.o.idleTimeoutMs);
  }

  async verifyPin(pin: string): Promise<PinResult> {
    const a = this.access;
    if (!a) throw new StaffAccessError('bad-request', 'No PIN is being asked for: tap a supervisor or IT badge, or press Ctrl+Alt+Shift+D for diagnostics, first.');
    this.touch();
    const result = await this.checkPin(a, pin);
    // The screen may have moved on (another badge, idle) while the hash was computed.
    if (this.access !== a) return result;
    if (result.outcome === 'ok') a.stage = 'open';
    this.o.onChange(this.view());
    return result;
  }

  stationBoard(): StationBoard {
    this.require('supervisor');
    return buildStationBoard(loadBoardInput(this.o.db, this.o.catalog, this.o.station, this.o.language, this.o.now()));
  }

  workerDetail(workerId: string): WorkerDetail {
    this.require('supervisor');
    const detail = buildWorkerDetail(loadBoardInput(this.o.db, this.o.catalog, this.o.station, this.o.language, this.o.now()), workerId);
    if (!detail) throw new StaffAccessError('not-found', `Worker "${workerId}" is not assigned to ${this.o.station.name}: pick a worker from the station board.`);
    return detail;
  }

  async diagnostics(): Promise<DiagnosticsReport> {
    this.require('diagnostics');
    this.touch();
    const report = await this.o.gatherDiagnostics();
    return { ...report, quarantine: listQuarantined(this.o.db).slice(-QUARANTINE_SHOWN), pinLockouts: activeLockouts(this.o.db, this.o.now()) };
  }

  /** Behind the diagnostics PIN already verified in this session: sending again is harmless (the server decides), so no second PIN. */
  requeueQuarantined(): RequeueResult {
    const a = this.require('diagnostics');
    this.touch();
    const requeued = this.o.requeueQuarantined();
    this.o.event('quarantine-requeued', `${requeued} refused statement(s) queued again by ${a.worker ? a.worker.id : 'site IT (key chord)'}`);
    return { requeued };
  }

  /** Behind the diagnostics PIN verified in this session: only site IT can end a PIN lockout before its time. */
  clearPinLockouts(): ClearLockoutsResult {
    const a = this.require('diagnostics');
    this.touch();
    const cleared = clearLockouts(this.o.db, this.o.now());
    this.o.event('pin-lockouts-cleared', `${cleared} locked PIN pad(s) unlocked and every lockout escalation reset by ${a.worker ? a.worker.id : 'site IT (key chord)'}`);
    this.o.onChange(this.view());
    return { cleared };
  }

  async exitKiosk(pin: string): Promise<ExitResult> {
    const a = this.require('diagnostics');
    const result = await this.checkPin(a, pin);
    if (result.outcome !== 'ok') return result;
    const quits = this.o.onExitRequested !== undefined;
    this.o.event('kiosk-exit', quits ? 'site IT ended kiosk mode; the app quits' : 'site IT ended kiosk mode (web host: close the browser)');
    this.o.onExitRequested?.();
    return { outcome: 'exiting', appWillQuit: quits };
  }

  dispose(): void {
    this.clearIdle();
  }

  private require(kind: Access['kind']): Access {
    const a = this.access;
    if (!a || a.kind !== kind || a.stage !== 'open') {
      throw new StaffAccessError(
        'bad-request',
        kind === 'supervisor'
          ? 'The station board needs a supervisor: tap a supervisor badge and enter the PIN first.'
          : 'Diagnostics needs the site-IT PIN: press Ctrl+Alt+Shift+D (or tap an IT badge) and enter the PIN first.',
      );
    }
    return a;
  }

  /**
   * Whose PIN this is, for its own wrong-PIN count: a supervisor's; an IT worker's own staff PIN;
   * else the terminal's diagnostics PIN (key chord, or an IT worker without a PIN of their own).
   */
  private subject(a: Access): string {
    if (a.kind === 'supervisor' && a.worker) return `supervisor:${a.worker.id}`;
    if (a.worker && staffPinHash(this.o.db, a.worker.id)) return `it:${a.worker.id}`;
    return DIAGNOSTICS_SUBJECT;
  }

  private checkPin(a: Access, pin: string): Promise<PinResult> {
    const storedHash = this.hashFor(a);
    const pepper = this.o.pinPepper();
    if (!pepper && parsePinHash(storedHash).keyed) {
      throw new StaffAccessError('not-found', 'Staff PINs from the server need the site\'s PIN key, which this terminal does not have yet: connect it to the server and let it sync, then try again.');
    }
    return checkPin({ db: this.o.db, subject: this.subject(a), pin, storedHash, pepper, now: this.o.now, event: this.o.event });
  }

  /** The PIN hash to check against; null when none is configured. */
  private storedHash(a: Access): string | null {
    const own = a.worker ? staffPinHash(this.o.db, a.worker.id) : null;
    if (a.kind === 'supervisor' && a.worker) return own;
    return own ?? this.o.diagnosticsPinHash;
  }

  private hashFor(a: Access): string {
    const hash = this.storedHash(a);
    if (hash) return hash;
    if (a.kind === 'supervisor' && a.worker) {
      throw new StaffAccessError(
        'not-found',
        `No PIN is set for ${a.worker.displayName} on this terminal: ask the training admin to set one (npm run server -- staff-pin set --employee ${a.worker.employeeId} --pin-stdin); it arrives with the next sync.`,
      );
    }
    throw new StaffAccessError('not-found', 'No diagnostics PIN is configured: add diagnostics.pinHash to the kiosk config (make it with: echo <pin> | npm run kiosk-config -- hash-pin) and restart.');
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
