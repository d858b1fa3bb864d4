import { z } from 'zod';
import type { CredentialState } from '../credentials/credential-state';
import type { CheckCard, Lesson } from './lesson';
import type { ClearLockoutsResult, DiagnosticsReport, ExitResult, PinResult, RequeueResult, StaffAccess, StationBoard, WorkerDetail } from './staff';

export type * from './staff';

/**
 * The one contract between the renderer and the kiosk core. Both transports (Electron IPC through
 * the preload, and HTTP + Server-Sent Events from the localhost web host) carry exactly these calls:
 * the argument schemas below are checked on the core side of either transport.
 */

export const answerRecord = z.object({
  itemId: z.string().min(1),
  cardId: z.string().min(1),
  chosen: z.array(z.string()).min(1),
  correct: z.boolean(),
});
export type AnswerRecord = z.infer<typeof answerRecord>;

export const kioskCalls = {
  getSnapshot: z.tuple([]),
  /** A badge burst captured by the renderer in keyboard-wedge mode (raw characters, Enter stripped). */
  tapBadge: z.tuple([z.string().max(512)]),
  /** The worker touched the screen or a key: postpones idle sign-out. */
  reportActivity: z.tuple([]),
  signOut: z.tuple([]),
  startLesson: z.tuple([z.string().min(1)]),
  saveProgress: z.tuple([z.object({ lessonId: z.string().min(1), cardIndex: z.number().int().min(0) })]),
  recordAnswer: z.tuple([z.object({ lessonId: z.string().min(1), answer: answerRecord })]),
  completeLesson: z.tuple([
    z.object({
      /**
       * The attempt's id from startLesson (or snapshot.session.attempt), sent again on a retry: a Done
       * whose answer was lost in transit or in a crash is recorded once, not twice (the core keeps
       * the attempt across restarts and answers a known id with the stored receipt).
       */
      completionId: z.uuid(),
      lessonId: z.string().min(1),
      /**
       * The first answer to each check. No score is sent: the core scores and decides the pass from
       * the answers it graded (recordAnswer, then these for checks it never saw answered), first
       * answer per check (common/grading/lesson-grading.ts).
       */
      answers: z.array(answerRecord),
    }),
  ]),
  /** Draws a short review (3-5 knowledge checks from lessons the worker has done) for the signed-in worker. */
  startReview: z.tuple([]),
  /** The first answer to each drawn check counts; answers reschedule the items and the review is recorded as a completion. */
  completeReview: z.tuple([
    z.object({
      /** As for completeLesson: one id per review session, so a retried Done is recorded once. */
      completionId: z.uuid(),
      answers: z.array(answerRecord).min(1),
    }),
  ]),
  /** Something the renderer saw that site IT should find in the event log (e.g. a rejected burst). */
  logEvent: z.tuple([z.object({ kind: z.string().min(1).max(64), detail: z.string().max(2000) })]),
  /** The PIN for the supervisor or site-IT screen waiting for one (snapshot.staff); checked and rate-limited in the core. */
  verifyPin: z.tuple([z.string().max(64)]),
  /** This station's board; only while a supervisor's PIN is verified. */
  getStationBoard: z.tuple([]),
  /** One worker of the board: their lessons, statuses, dates and scores; only while a supervisor's PIN is verified. */
  getWorkerDetail: z.tuple([z.string().min(1).max(128)]),
  /** The site-IT key chord (Ctrl+Alt+Shift+D) was pressed: ask for the diagnostics PIN. */
  openDiagnostics: z.tuple([]),
  /** Reader, server, sync, disk, version, config source, recent events; only with the diagnostics PIN verified. */
  getDiagnostics: z.tuple([]),
  /** Leaves kiosk mode (the Electron app quits); needs the diagnostics PIN again. */
  exitKiosk: z.tuple([z.string().max(64)]),
  /**
   * Site IT's "send again": every statement the server refused goes back in the sync queue and the
   * server decides once more (after a fix on the server, say). Only with the diagnostics PIN verified.
   */
  requeueQuarantined: z.tuple([]),
  /** Site IT ends every PIN lockout (and its escalation) on this terminal. Only with the diagnostics PIN verified. */
  clearPinLockouts: z.tuple([]),
  /** The signed-in worker's own certifications and recent completions ("My training"); nobody else's can be asked for. */
  getMyTraining: z.tuple([]),
} as const;

export type KioskCallName = keyof typeof kioskCalls;

export interface LessonSummary {
  id: string;
  version: number;
  title: string;
  summary: string;
  durationMinutes: number;
  language: string;
  /** Why this lesson is offered now, in the worker's language. */
  reason: string;
  reasonCode: string;
}

/** A review the engine offers: `due` when items are due, `practice` on a day with nothing due. */
export interface ReviewOffer {
  kind: 'due' | 'practice';
  itemCount: number;
  estimatedMinutes: number;
  /** In the worker's language. */
  reason: string;
}

export interface WorkerView {
  id: string;
  employeeId: string;
  firstName: string;
  displayName: string;
  language: string;
  roles: string[];
}

export type ReaderState =
  | { mode: 'wedge'; state: 'listening'; lastReadAt: string | null }
  | { mode: 'hid'; state: 'connected' | 'disconnected' | 'unavailable'; detail: string | null; lastReadAt: string | null };

/** The terminal's connection to the central server, for the attract screen and site IT. */
export interface SyncStatus {
  state: 'not-configured' | 'enrolling' | 'online' | 'offline' | 'error';
  /** Completions waiting to be sent. */
  queued: number;
  /** Completions the server refused (kept on the terminal for site IT). */
  quarantined: number;
  lastSyncAt: string | null;
  /** What is wrong and what to do, when state is offline or error. */
  detail: string | null;
  /** Content media being fetched, counted in files. */
  download?: { done: number; total: number } | null;
}

/**
 * The data directory refuses writes (disk full, read-only): the kiosk keeps running and shows
 * "Storage is full - tell site IT" until a probe write succeeds again. Nothing is acknowledged that
 * was not stored.
 */
export interface StorageFault {
  kind: 'full' | 'read-only';
  dataDir: string;
  /** For site IT: what refused the write and what to do (English, like the diagnostics screen). */
  detail: string;
  since: string;
}

export const noticeCodes = ['unknown-badge', 'unknown-badges-paused', 'badge-read-failed', 'signed-out-idle'] as const;
export type NoticeCode = (typeof noticeCodes)[number];

/**
 * A transient message from the core, sent as a code and its parameters: the renderer words it from
 * the message catalog (common/i18n, key `notice.<code>`) in the terminal's language.
 */
export interface KioskNotice {
  code: NoticeCode;
  params: Record<string, string | number>;
  at: string;
}

export interface KioskSnapshot {
  /** 'error' means the core cannot run (e.g. the database is corrupt or locked): show error, nothing else. */
  status: 'ready' | 'error';
  error: { title: string; detail: string; fix: string } | null;
  terminal: {
    site: string;
    siteName: string;
    station: string;
    stationName: string;
    demo: boolean;
    language: string;
    idleTimeoutSeconds: number;
    /** A worker signed out mid-lesson who taps in again within this long goes back to their card and answers. */
    resumeWindowSeconds: number;
  };
  /** Set while the "Still there?" warning runs: the session ends at signOutAt unless someone touches the screen. */
  idleWarning?: { signOutAt: string } | null;
  reader: ReaderState;
  session: null | {
    worker: WorkerView;
    /** The learning-path engine's pick with its reason; a `review-due` pick is played with startReview. */
    next: LessonSummary | null;
    alternatives: LessonSummary[];
    startedAt: string;
    /** Nothing to learn now (`next` is null): the screen says so; `review` may still offer a short practice. */
    caughtUp: boolean;
    review: ReviewOffer | null;
    /** The worker's lesson attempt in play, kept by the core across a restart or a reload; null when none. */
    attempt: AttemptView | null;
  };
  /** Last transient notice, e.g. an unknown badge; `at` lets the renderer show it once. */
  notice: null | KioskNotice;
  /** Wedge parameters the renderer needs to tell a scanner burst from typing. */
  wedge: { maxInterKeyMs: number; minLength: number; maxLength: number };
  /** Absent in cores that do not sync. */
  sync?: SyncStatus;
  /** A supervisor or site-IT screen asking for a PIN or open; it takes over the screen. */
  staff?: StaffAccess | null;
  /** Set while the data directory refuses writes; absent or null while it works. */
  storage?: StorageFault | null;
}

export interface LessonPlay {
  lesson: Lesson;
  /** Card to open at: where this worker left the lesson last time, 0 for a fresh start. */
  resumeCardIndex: number;
  /** The attempt's id, made by the core: send it with completeLesson (and again on a retry). */
  completionId: string;
  /** Answers already given in this attempt, in order (retries included): empty unless it is resumed after a restart or reload. */
  answers: AnswerRecord[];
}

/**
 * A lesson attempt the core keeps for the signed-in worker. A screen that did not start it (it was
 * reloaded, or the kiosk restarted) resumes it: startLesson(lessonId) when not `recorded`, else
 * completeLesson with `completionId`, which answers with the stored receipt.
 */
export interface AttemptView {
  lessonId: string;
  lessonTitle: string;
  completionId: string;
  /** Its completion is stored already (the answer to Done was lost). */
  recorded: boolean;
}

export interface CompletionReceipt {
  completionId: string;
  lessonId: string;
  score: number | null;
  passed: boolean | null;
}

export interface ReviewPlay {
  items: { lessonId: string; lessonTitle: string; card: CheckCard }[];
}

/** The signed-in worker's own record at the terminal, from the terminal's data (offline). */
export interface MyTraining {
  certifications: Array<{
    id: string;
    name: string;
    state: CredentialState;
    validFrom: string;
    validUntil: string | null;
    /** The public verify page (the QR code); null when the terminal does not know its server's URL. */
    verifyUrl: string | null;
  }>;
  recent: Array<{ lessonId: string; title: string; completedAt: string; passed: boolean | null; score: number | null }>;
}

export type TapResult =
  | { outcome: 'signed-in'; workerId: string }
  | { outcome: 'switched'; workerId: string }
  | { outcome: 'same-worker'; workerId: string }
  | { outcome: 'unknown-badge' }
  /** Too many unknown badges lately: every tap is ignored until `until`. */
  | { outcome: 'paused'; until: string }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'debounced' };

type Args<K extends KioskCallName> = z.infer<(typeof kioskCalls)[K]>;

interface KioskResults {
  getSnapshot: KioskSnapshot;
  tapBadge: TapResult;
  reportActivity: void;
  signOut: void;
  startLesson: LessonPlay;
  saveProgress: void;
  recordAnswer: void;
  completeLesson: CompletionReceipt;
  startReview: ReviewPlay;
  completeReview: CompletionReceipt;
  logEvent: void;
  verifyPin: PinResult;
  getStationBoard: StationBoard;
  getWorkerDetail: WorkerDetail;
  openDiagnostics: void;
  getDiagnostics: DiagnosticsReport;
  exitKiosk: ExitResult;
  requeueQuarantined: RequeueResult;
  clearPinLockouts: ClearLockoutsResult;
  getMyTraining: MyTraining;
}

/** What the core implements and what a renderer transport exposes. */
export type KioskApi = { [K in KioskCallName]: (...args: Args<K>) => Promise<KioskResults[K]> };

/** The renderer's view of a transport: the calls, pushed snapshots, and media URLs. */
export interface KioskTransport {
  api: KioskApi;
  /** Called with every new snapshot the core pushes; returns an unsubscribe function. */
  onSnapshot(listener: (snapshot: KioskSnapshot) => void): () => void;
  /** URL under which the renderer may load a cached media file (image, video, captions). */
  mediaUrl(sha256: string): string;
}

/** Errors cross both transports as this shape, so the renderer can show the message and the fix. */
export interface KioskCallError {
  code: 'bad-request' | 'not-found' | 'unavailable' | 'internal';
  message: string;
}

/**
 * One call's answer as it crosses a transport. Calls resolve to this envelope rather than rejecting
 * because Electron rewrites the message of an error thrown across IPC; the envelope keeps the
 * KioskCallError intact.
 */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: KioskCallError };

/**
 * What the Electron preload exposes as `window.shiftlearn` (the sandboxed preload may not import
 * modules at run time, so it only declares its shape against this type).
 */
export interface ShiftlearnBridge {
  call(name: KioskCallName, args: unknown[]): Promise<CallOutcome>;
  onSnapshot(listener: (snapshot: KioskSnapshot) => void): () => void;
}

/** The kiosk core as a transport host sees it: the API plus pushed snapshots and the media cache. */
export interface KioskCoreHandle extends KioskApi {
  onSnapshot(listener: (snapshot: KioskSnapshot) => void): () => void;
  /** Absolute path of a cached media file by hash, or null when it is not in the cache. */
  mediaPath(sha256: string): string | null;
  /** MIME type to serve a cached media file with. */
  mediaType(sha256: string): string | null;
  close(): Promise<void>;
}
