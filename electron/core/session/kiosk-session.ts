import crypto from 'node:crypto';
import type { AttemptView } from '../../../common/contracts/kiosk-api';
import type { Lesson } from '../../../common/contracts/lesson';
import type { GradedAnswer } from '../../../common/grading/lesson-grading';
import type { StoredAttempt, TimedAnswer } from '../lessons/attempt-repo';
import type { DrawnItem } from '../paths/record-completion';
import { filterBadge, type BadgeFilterResult, type BadgeRules, type LastBadgeRead } from '../reader/badge-filter';
import type { RosterWorker } from './roster-repo';
import type { TapOutcome } from './session-machine';
import { SessionService } from './session-service';

/** One lesson being played by the signed-in worker (the version played): what completeLesson needs beyond the renderer's word. */
export interface Attempt extends StoredAttempt {
  lesson: Lesson;
}

/** Where the attempt in play is kept, so it survives a restart (lessons/attempt-repo.ts). */
export interface AttemptStore {
  /** A new attempt, replacing any other at this terminal. */
  saveNew(attempt: StoredAttempt): void;
  saveAnswers(completionId: string, answers: readonly TimedAnswer[]): void;
  /** Drops every attempt but this worker's (null: all). */
  dropExcept(workerId: string | null): void;
}

/** A review session drawn for the signed-in worker: completeReview grades against exactly these checks. */
export interface ReviewAttempt {
  drawn: DrawnItem[];
  startedAt: Date;
}

/** Why a session ended: the idle timeout, the sign-out button, or a badge tap closing a staff screen. */
export type SessionEnd = 'idle' | 'signed-out' | 'staff-closed';

export interface KioskSessionOptions {
  idleTimeoutMs: number;
  now: () => Date;
  attempts: AttemptStore;
  /** The idle warning started (sign-out time) or ended (null). */
  onIdleWarning?: (signOutAtMs: number | null) => void;
  /** Called after every end of a session, once its state is cleared. */
  onEnded: (why: SessionEnd) => void;
}

/**
 * Who is at the terminal and what they are doing: the signed-in worker, the lesson or review in play,
 * and the last badge read (for the double-read debounce). Signing in someone else or ending the
 * session clears the worker's lesson and review here, in one place, so no path can leave one behind.
 * The lesson attempt is also written through to the store: a crash or a reload ends no session, so
 * the same worker's next sign-in finds it again (restored by the lesson desk).
 */
export class KioskSession {
  private worker: RosterWorker | null = null;
  private attempt: Attempt | null = null;
  private review: ReviewAttempt | null = null;
  // Reader state, not the worker's: it outlives sessions so a double read right after a sign-out is still one tap.
  private lastBadge: LastBadgeRead | null = null;
  private readonly idle: SessionService;

  constructor(private readonly o: KioskSessionOptions) {
    this.idle = new SessionService({ idleTimeoutMs: o.idleTimeoutMs, now: o.now, onIdleSignOut: () => this.endSession('idle'), onIdleWarning: o.onIdleWarning });
  }

  /** A reader burst judged as a badge read; an accepted read is remembered for the debounce of the next. */
  readBadge(raw: string, rules: BadgeRules): BadgeFilterResult {
    const result = filterBadge(raw, rules, this.o.now().getTime(), this.lastBadge);
    if (result.kind === 'ok') this.lastBadge = result.last;
    return result;
  }

  /** A known worker tapped: they sign in with nothing in play, or their own session goes on. */
  tap(worker: RosterWorker): TapOutcome {
    const outcome = this.idle.tap(worker.id);
    if (outcome !== 'same-worker') {
      this.worker = worker;
      this.attempt = null;
      this.review = null;
      this.o.attempts.dropExcept(worker.id);
    }
    return outcome;
  }

  /** The signed-in worker, or null. */
  get current(): RosterWorker | null {
    return this.worker;
  }

  /** The worker touched the terminal: postpones the idle sign-out. */
  activity(): void {
    this.idle.activity();
  }

  endSession(why: SessionEnd): void {
    this.idle.signOut();
    this.worker = null;
    this.attempt = null;
    this.review = null;
    this.o.attempts.dropExcept(null);
    this.o.onEnded(why);
  }

  /** A new attempt of this lesson, under a completion id made here. Needs a signed-in worker. */
  startAttempt(lesson: Lesson): Attempt {
    const stored: StoredAttempt = {
      workerId: this.worker!.id,
      lessonId: lesson.id,
      language: lesson.language,
      lessonVersion: lesson.version,
      completionId: crypto.randomUUID(),
      startedAt: this.o.now(),
      answers: [],
      recordedAt: null,
    };
    this.o.attempts.saveNew(stored);
    this.attempt = { ...stored, lesson };
    return this.attempt;
  }

  /** The signed-in worker's attempt from before a restart or reload, with the lesson version it played. */
  resumeAttempt(stored: StoredAttempt, lesson: Lesson): void {
    this.attempt = { ...stored, lesson };
  }

  /** The attempt being played, if it is of this lesson (a recorded one is over). */
  attemptOf(lessonId: string): Attempt | null {
    return this.attempt?.lessonId === lessonId && this.attempt.recordedAt === null ? this.attempt : null;
  }

  /** A graded answer arrived, kept with its time for the completion (an answer with no attempt in play starts one). */
  answered(lesson: Lesson, answer: GradedAnswer): void {
    const attempt = this.attemptOf(lesson.id) ?? this.startAttempt(lesson);
    attempt.answers.push({ ...answer, answeredAt: this.o.now() });
    this.o.attempts.saveAnswers(attempt.completionId, attempt.answers);
  }

  /** Its completion is stored (the store marked it in the same transaction). */
  attemptRecorded(at: Date): void {
    if (this.attempt) this.attempt.recordedAt = at;
  }

  /** The snapshot's view of the attempt, for a reloaded screen to resume it. */
  attemptView(): AttemptView | null {
    const a = this.attempt;
    return a ? { lessonId: a.lessonId, lessonTitle: a.lesson.title, completionId: a.completionId, recorded: a.recordedAt !== null } : null;
  }

  startReview(drawn: DrawnItem[]): void {
    this.review = { drawn, startedAt: this.o.now() };
  }

  get reviewInPlay(): ReviewAttempt | null {
    return this.review;
  }

  finishReview(): void {
    this.review = null;
  }

  dispose(): void {
    this.idle.dispose();
  }
}
