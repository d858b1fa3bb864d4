import type { Lesson } from '../../../common/contracts/lesson';
import type { GradedAnswer } from '../../../common/grading/lesson-grading';
import type { DrawnItem } from '../paths/record-completion';
import { filterBadge, type BadgeFilterResult, type BadgeRules, type LastBadgeRead } from '../reader/badge-filter';
import type { RosterWorker } from './roster-repo';
import type { TapOutcome } from './session-machine';
import { SessionService } from './session-service';

/** One lesson being played by the signed-in worker: what completeLesson needs beyond the renderer's word. */
export interface Attempt {
  lesson: Lesson;
  startedAt: Date;
  /** Every answer the core graded in this attempt, retries included, in the order given. */
  answers: (GradedAnswer & { answeredAt: Date })[];
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
  /** Called after every end of a session, once its state is cleared. */
  onEnded: (why: SessionEnd) => void;
}

/**
 * Who is at the terminal and what they are doing: the signed-in worker, the lesson or review in play,
 * and the last badge read (for the double-read debounce). Signing in someone else or ending the
 * session clears the worker's lesson and review here, in one place, so no path can leave one behind.
 */
export class KioskSession {
  private worker: RosterWorker | null = null;
  private attempt: Attempt | null = null;
  private review: ReviewAttempt | null = null;
  // Reader state, not the worker's: it outlives sessions so a double read right after a sign-out is still one tap.
  private lastBadge: LastBadgeRead | null = null;
  private readonly idle: SessionService;

  constructor(private readonly o: KioskSessionOptions) {
    this.idle = new SessionService({ idleTimeoutMs: o.idleTimeoutMs, now: o.now, onIdleSignOut: () => this.endSession('idle') });
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
    this.o.onEnded(why);
  }

  startAttempt(lesson: Lesson): void {
    this.attempt = { lesson, startedAt: this.o.now(), answers: [] };
  }

  /** The attempt in play, if it is of this lesson. */
  attemptOf(lessonId: string): Attempt | null {
    return this.attempt?.lesson.id === lessonId ? this.attempt : null;
  }

  /** A graded answer arrived, kept with its time for the completion (an answer with no attempt in play starts one). */
  answered(lesson: Lesson, answer: GradedAnswer): void {
    if (!this.attemptOf(lesson.id)) this.startAttempt(lesson);
    this.attempt!.answers.push({ ...answer, answeredAt: this.o.now() });
  }

  finishAttempt(): void {
    this.attempt = null;
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
