import type { KioskNotice, KioskSnapshot, LessonSummary, ReviewPlay } from '../../../common/contracts/kiosk-api';
import { defaultPathOptions } from '../../../common/paths/types';
import type { Lesson } from '../../../common/contracts/lesson';
import type { AnswerBook } from '../lesson/scoring';

/**
 * Which screen to show is a pure function of the core's latest snapshot and the little state the
 * renderer owns (a lesson being played, a just-finished lesson). The core stays the authority on
 * who is signed in: a new worker's tap or an idle sign-out changes the snapshot, and the screens
 * follow without the renderer having to be told.
 */

export interface PlayState {
  /** The id this attempt's completion is recorded under (made by the core), kept across retries of Done. */
  completionId: string;
  workerId: string;
  lesson: Lesson;
  cardIndex: number;
  answers: AnswerBook;
  /** Set when the play was resumed after the worker was signed out mid-lesson; cleared on the next card. */
  resumed?: boolean;
}

/** A lesson left mid-way by a sign-out, kept so the same worker's next tap resumes it. */
export interface ParkedPlay {
  play: PlayState;
  parkedAtMs: number;
}

/** The parked play to resume for the worker now signed in, if it is theirs and recent enough; else null. */
export function parkedFor(parked: ParkedPlay | null, workerId: string | null, nowMs: number, windowSeconds: number): PlayState | null {
  if (!parked || workerId === null || parked.play.workerId !== workerId) return null;
  return nowMs - parked.parkedAtMs <= windowSeconds * 1000 ? parked.play : null;
}

export interface DoneState {
  workerId: string;
  /** The lesson finished ('' for a review), so a failed one can be taken again at once. */
  lessonId: string;
  lessonTitle: string;
  score: number | null;
  /** The core's verdict: false is a failed attempt ("Not passed yet"), null a lesson without checks. */
  passed: boolean | null;
  /** Set when what was finished is a review session rather than a lesson. */
  review?: boolean;
}

/** A review session being played: its drawn checks, one per screen. */
export interface ReviewState {
  /** As for PlayState. */
  completionId: string;
  workerId: string;
  items: ReviewPlay['items'];
  index: number;
  answers: AnswerBook;
}

export type Screen =
  | { kind: 'loading' }
  /** `error` is null when the core failed without saying why; the screen then uses generic text. */
  | { kind: 'error'; error: KioskSnapshot['error'] }
  | { kind: 'attract' }
  | { kind: 'greeting' }
  | { kind: 'player' }
  | { kind: 'review' }
  | { kind: 'done' }
  | { kind: 'pin-pad' }
  | { kind: 'station-board' }
  | { kind: 'diagnostics' }
  /** The data directory refuses writes: nothing can be recorded until site IT frees space. */
  | { kind: 'storage' };

export function deriveScreen(snapshot: KioskSnapshot | null, play: PlayState | null, done: DoneState | null, review: ReviewState | null = null): Screen {
  if (!snapshot) return { kind: 'loading' };
  if (snapshot.status === 'error') return { kind: 'error', error: snapshot.error };
  // A supervisor or site-IT screen takes over from any lesson: the core decided who may see it.
  const staff = snapshot.staff;
  if (staff) return { kind: staff.stage === 'pin' ? 'pin-pad' : staff.kind === 'supervisor' ? 'station-board' : 'diagnostics' };
  // Nothing could be stored: no lesson is offered that could not be recorded (site IT still gets diagnostics above).
  if (snapshot.storage) return { kind: 'storage' };
  const session = snapshot.session;
  if (!session) return { kind: 'attract' };
  if (done && done.workerId === session.worker.id) return { kind: 'done' };
  if (play && play.workerId === session.worker.id) return { kind: 'player' };
  if (review && review.workerId === session.worker.id) return { kind: 'review' };
  return { kind: 'greeting' };
}

/**
 * Drops renderer state that belongs to a worker who is no longer signed in, so a switched or
 * signed-out session never shows the previous worker's lesson or score.
 */
export function reconcileWithSnapshot<T extends { play: PlayState | null; done: DoneState | null }>(
  ui: T,
  snapshot: KioskSnapshot,
): Pick<T, 'play' | 'done'> {
  const workerId = snapshot.status === 'ready' ? (snapshot.session?.worker.id ?? null) : null;
  return {
    play: ui.play && ui.play.workerId === workerId ? ui.play : null,
    done: ui.done && ui.done.workerId === workerId ? ui.done : null,
  } as Pick<T, 'play' | 'done'>;
}

/** Reasons that make a lesson required of the worker (not merely offered). */
const REQUIRED_REASONS = new Set(['recert-overdue', 'recert-due-soon', 'station-required', 'role-required']);

/**
 * The lesson the done screen offers as "Next lesson": the engine's next pick, when it is required
 * and fits the few minutes a worker spares at the terminal (the engine's time budget); else null.
 */
export function nextOnDone(session: KioskSnapshot['session'], budgetMinutes: number = defaultPathOptions.budgetMinutes): LessonSummary | null {
  const next = session?.next ?? null;
  return next && REQUIRED_REASONS.has(next.reasonCode) && next.durationMinutes <= budgetMinutes ? next : null;
}

/** The language the screens speak: the signed-in worker's, else the terminal's. */
export function screenLanguage(snapshot: KioskSnapshot | null): string {
  if (!snapshot) return 'en';
  return snapshot.session?.worker.language ?? snapshot.terminal.language;
}

export type ReaderBanner = { kind: 'disconnected' | 'unavailable'; detail: string | null } | null;

/** A reader problem the attract screen must shout about; null while the reader works. */
export function readerBanner(snapshot: KioskSnapshot): ReaderBanner {
  const reader = snapshot.reader;
  if (reader.mode !== 'hid' || reader.state === 'connected') return null;
  return { kind: reader.state, detail: reader.detail };
}

/** How long a transient notice (unknown badge, idle sign-out) stays on screen. */
export const NOTICE_VISIBLE_MS = 6000;

/**
 * The notice to show now, the core's or the renderer's own, whichever is newer: not yet dismissed and
 * recent (a stale one is not replayed after a reload).
 */
export function visibleNotice(
  snapshot: KioskSnapshot | null,
  localNotice: KioskNotice | null,
  dismissedAt: string | null,
  nowMs: number,
): KioskNotice | null {
  const fromCore = snapshot?.notice ?? null;
  const notice = fromCore && localNotice ? (Date.parse(localNotice.at) > Date.parse(fromCore.at) ? localNotice : fromCore) : (fromCore ?? localNotice);
  if (!notice || notice.at === dismissedAt) return null;
  const age = nowMs - Date.parse(notice.at);
  return Number.isFinite(age) && age < NOTICE_VISIBLE_MS ? notice : null;
}
