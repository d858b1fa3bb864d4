/**
 * What the supervisor and site-IT screens at the terminal get from the kiosk core (see kiosk-api.ts
 * for the calls). Everything here is computed offline from the terminal's own SQLite store.
 */

/** A supervisor or site-IT screen in progress; null or absent in the snapshot otherwise. */
export interface StaffAccess {
  kind: 'supervisor' | 'diagnostics';
  /** 'pin' while the PIN pad is shown, 'open' once the PIN was right. */
  stage: 'pin' | 'open';
  /** Who tapped (the supervisor or IT badge holder); null when diagnostics was opened by the key chord. */
  name: string | null;
  /** PIN entry refused until then (too many wrong PINs). */
  lockedUntil: string | null;
  /** False when there is no PIN to check against (no diagnostics.pinHash, no staff PIN synced): say so instead of asking for one. */
  pinConfigured: boolean;
}

export type PinResult =
  | { outcome: 'ok' }
  | { outcome: 'wrong'; attemptsLeft: number }
  | { outcome: 'locked'; until: string };

/** Where a worker stands on one lesson: 'failed' is sat but never passed (a retake is due). */
export type BoardLessonStatus = 'done' | 'due-soon' | 'overdue' | 'failed' | 'never-started';
/** A worker's one status: 'in-progress' when some lessons are held and others not started yet. */
export type BoardStatus = BoardLessonStatus | 'in-progress';

export interface StationBoardWorker {
  workerId: string;
  displayName: string;
  employeeId: string;
  roles: string[];
  /** The most urgent status over the lessons this worker needs here. */
  status: BoardStatus;
  counts: Record<BoardLessonStatus, number>;
  /** Latest completion of anything, at any station of this terminal; null when none. */
  lastActivityAt: string | null;
  /** Earliest recertification or onboarding date among those lessons; null when none. */
  nextDueAt: string | null;
}

export interface StationBoard {
  station: { id: string; name: string };
  generatedAt: string;
  workers: StationBoardWorker[];
  /** Over the lessons the station itself requires: counts and the share held (done or due soon). */
  summary: { counts: Record<BoardLessonStatus, number>; total: number; completionPercent: number };
}

export interface WorkerDetailLesson {
  lessonId: string;
  title: string;
  status: BoardLessonStatus;
  /** Why the worker needs it: this station, another station, or one of their roles. */
  requiredBy: { roles: string[]; stations: string[] };
  completedAt: string | null;
  dueAt: string | null;
  /** Latest score 0..1 (null for lessons without checks or never taken) and how many attempts. */
  lastScore: number | null;
  attempts: number;
}

export interface WorkerDetail {
  workerId: string;
  displayName: string;
  employeeId: string;
  roles: string[];
  stations: string[];
  lastActivityAt: string | null;
  lessons: WorkerDetailLesson[];
}

export interface DiagnosticsReport {
  generatedAt: string;
  appVersion: string;
  configSource: string;
  terminal: { site: string; station: string; stationName: string; demo: boolean };
  reader: { mode: 'wedge' | 'hid'; state: string; detail: string | null; lastReadAt: string | null };
  server: { url: string | null; reachability: 'reachable' | 'unreachable' | 'not-configured'; detail: string | null; checkedAt: string };
  sync: { state: string; lastSyncAt: string | null; queued: number; quarantined: number; detail: string | null } | null;
  disk: { dataDir: string; freeBytes: number | null; totalBytes: number | null; detail: string | null };
  /** Statements the server refused, kept on the terminal with its reason (requeueQuarantined sends them again); latest 50, oldest first. */
  quarantine: { statementId: string; reason: string; quarantinedAt: string }[];
  /** PIN pads locked now: 'supervisor:<worker id>', 'it:<worker id>' or 'diagnostics', and until when. */
  pinLockouts: { subject: string; until: string }[];
  events: { id: number; at: string; kind: string; detail: string }[];
}

/** How many locked PIN pads site IT unlocked. */
export interface ClearLockoutsResult {
  cleared: number;
}

/** How many refused statements went back in the sync queue. */
export interface RequeueResult {
  requeued: number;
}

/** `appWillQuit` is false in the web host: the browser has to be closed by hand. */
export type ExitResult = { outcome: 'exiting'; appWillQuit: boolean } | Exclude<PinResult, { outcome: 'ok' }>;
