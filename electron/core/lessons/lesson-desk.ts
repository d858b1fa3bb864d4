import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { AnswerRecord, CompletionReceipt, kioskCalls, LessonPlay, ReviewPlay } from '../../../common/contracts/kiosk-api';
import type { Lesson } from '../../../common/contracts/lesson';
import { findStoredCompletion } from '../completions/completion-writer';
import { AnswerMismatchError, firstAnswers, gradeAnswers, scoreLesson, type GradedAnswer } from '../../../common/grading/lesson-grading';
import { KioskCoreError } from '../kiosk-core-error';
import { recordLessonCompletion, recordReviewCompletion, REVIEW_LESSON_ID, ReviewAnswerError } from '../paths/record-completion';
import type { WorkerPaths } from '../paths/worker-paths';
import type { KioskSession } from '../session/kiosk-session';
import type { RosterWorker } from '../session/roster-repo';
import { loadAttempt, markAttemptRecorded, type TimedAnswer } from './attempt-repo';
import { findLesson } from './lesson-repo';
import { languagePreference } from './next-lesson';
import { getResumePoint, resumeCardIndex, saveResumePoint } from './progress-repo';
import { isStorageFault, storageFaultMessage } from '../store/storage-fault';

export interface LessonDeskOptions {
  db: Database.Database;
  session: KioskSession;
  paths: WorkerPaths;
  site: { id: string };
  station: { id: string };
  /** The terminal's language, the last fallback after the worker's own. */
  language: string;
  now: () => Date;
  event: (kind: string, detail: string) => void;
  /** Named in the message when a write fails for lack of storage. */
  dataDir: string;
  /** A completion was stored for this worker: their next lessons and the outbox moved on. */
  onCompleted: (worker: RosterWorker, completedAt: Date) => void;
  /** A lesson attempt started or was resumed: the snapshot shows it. */
  onAttemptChanged: () => void;
}

type CompleteLessonInput = z.infer<typeof kioskCalls.completeLesson>[0];
type CompleteReviewInput = z.infer<typeof kioskCalls.completeReview>[0];

/**
 * The answers an attempt is scored and recorded from, the first to each check: of the ones the core
 * graded as they were given (recordAnswer), then of those sent with Done for checks it never saw
 * answered (a lost recordAnswer). Done cannot replace an answer already given, so a retry after the
 * feedback never turns a wrong first answer right.
 */
function countedAnswers(recorded: readonly TimedAnswer[], sentAtDone: readonly GradedAnswer[], completedAt: Date): TimedAnswer[] {
  return firstAnswers([...recorded, ...sentAtDone.map((a) => ({ ...a, answeredAt: completedAt }))]);
}

/** How long the sitting took, by the core's clock: a duration sent by the renderer would be taken on faith. */
function sittingMs(startedAt: Date, completedAt: Date): number {
  return Math.max(0, completedAt.getTime() - startedAt.getTime());
}

/**
 * The signed-in worker's lesson and review calls: plays what the terminal has in their language,
 * keeps their place, grades their answers against the lesson and records each completion once.
 */
export function createLessonDesk(o: LessonDeskOptions) {
  const { db, session } = o;

  function signedIn(): RosterWorker {
    const worker = session.current;
    if (!worker) throw new KioskCoreError('bad-request', 'Nobody is signed in at this terminal: tap a badge first.');
    session.activity();
    return worker;
  }

  /** The worker's best language variant of a lesson. */
  function lookupLesson(w: RosterWorker, lessonId: string): Lesson {
    const languages = languagePreference(w.language, o.language);
    const found = findLesson(db, lessonId, languages);
    if (!found) throw new KioskCoreError('not-found', `Lesson "${lessonId}" is not on this terminal in ${languages.join(', ')}: pick another lesson or wait for the next content sync.`);
    return found;
  }

  /** The lesson a call is about: the one being played, or else the worker's variant of it. */
  function lessonFor(w: RosterWorker, lessonId: string): Lesson {
    return session.attemptOf(lessonId)?.lesson ?? lookupLesson(w, lessonId);
  }

  function graded(l: Lesson, answers: AnswerRecord[]) {
    try {
      return gradeAnswers(l, answers);
    } catch (err) {
      if (err instanceof AnswerMismatchError) throw new KioskCoreError('bad-request', err.message);
      throw err;
    }
  }

  /**
   * A Done whose answer never reached the renderer is sent again with the same id: answer it from
   * what was stored instead of recording the attempt twice.
   */
  function storedReceipt(w: RosterWorker, completionId: string): CompletionReceipt | null {
    const stored = findStoredCompletion(db, completionId);
    if (!stored) return null;
    if (stored.workerId !== w.id) {
      throw new KioskCoreError('bad-request', 'That completion id belongs to another worker: start the lesson again to get a new one.');
    }
    return { completionId, lessonId: stored.lessonId, score: stored.score, passed: stored.passed };
  }

  function notSaved(what: string, err: unknown): KioskCoreError {
    const reason = (err as Error).message;
    o.event('completion-failed', `${what}: ${reason}`);
    const thing = what === 'review' ? 'review' : 'completion';
    // a full or read-only disk: say so plainly; the transaction rolled back, so nothing was acknowledged
    if (isStorageFault(err)) return new KioskCoreError('internal', `The ${thing} was not saved. ${storageFaultMessage(o.dataDir, err)}`, { cause: err });
    return new KioskCoreError('internal', `The ${thing} could not be saved (${reason}). Nothing was recorded: press Done again, and tell site IT if it keeps failing.`);
  }

  return {
    /**
     * A worker just signed in: their attempt kept from before a restart or reload comes back, if the
     * lesson version it was played in is still here (else it was overtaken by new content).
     */
    restoreAttempt(w: RosterWorker): void {
      const stored = loadAttempt(db, w.id);
      const lesson = stored && findLesson(db, stored.lessonId, [stored.language]);
      if (stored && lesson?.version === stored.lessonVersion) session.resumeAttempt(stored, lesson);
    },

    /** Plays a lesson: the attempt of it still in play (after a restart or reload) goes on under its id, else a new one starts. */
    startLesson(lessonId: string): LessonPlay {
      const w = signedIn();
      const found = lookupLesson(w, lessonId);
      const open = session.attemptOf(lessonId);
      const attempt = open && open.language === found.language && open.lessonVersion === found.version ? open : session.startAttempt(found);
      o.onAttemptChanged();
      return {
        lesson: attempt.lesson,
        resumeCardIndex: resumeCardIndex(getResumePoint(db, w.id, lessonId), attempt.lesson),
        completionId: attempt.completionId,
        answers: attempt.answers.map(({ itemId, cardId, chosen, correct }) => ({ itemId, cardId, chosen, correct })),
      };
    },

    saveProgress({ lessonId, cardIndex }: { lessonId: string; cardIndex: number }): void {
      const w = signedIn();
      const l = lessonFor(w, lessonId);
      if (cardIndex >= l.cards.length) {
        throw new KioskCoreError('bad-request', `Card index ${cardIndex} is past the end of lesson "${lessonId}" (${l.cards.length} cards): send the index of the card on screen.`);
      }
      saveResumePoint(db, w.id, lessonId, { lessonVersion: l.version, cardIndex, cardId: l.cards[cardIndex].id }, o.now());
    },

    recordAnswer({ lessonId, answer }: { lessonId: string; answer: AnswerRecord }): void {
      const w = signedIn();
      const l = lessonFor(w, lessonId);
      session.answered(l, graded(l, [answer])[0]!);
    },

    completeLesson(input: CompleteLessonInput): CompletionReceipt {
      const w = signedIn();
      const again = storedReceipt(w, input.completionId);
      if (again) return again;
      const played = session.attemptOf(input.lessonId);
      if (!played || played.completionId !== input.completionId) {
        throw new KioskCoreError('bad-request', `No attempt of lesson "${input.lessonId}" with that completion id is in play: start the lesson (startLesson) and send the completionId it gives.`);
      }
      const l = played.lesson;
      const completedAt = o.now();
      const answers = countedAnswers(played.answers, graded(l, input.answers), completedAt);
      const { score, passed } = scoreLesson(l, answers);
      const record = {
        id: input.completionId,
        workerId: w.id,
        lessonId: l.id,
        lessonVersion: l.version,
        language: l.language,
        score,
        passed,
        durationMs: sittingMs(played.startedAt, completedAt),
        answers,
        startedAt: played.startedAt,
        completedAt,
        siteId: o.site.id,
        stationId: o.station.id,
      };
      try {
        // The FSRS schedule of the answered items, and the attempt's end, move in the same transaction as the completion.
        db.transaction(() => {
          recordLessonCompletion(db, record);
          markAttemptRecorded(db, played.completionId, completedAt);
        }).immediate();
      } catch (err) {
        throw notSaved(`lesson ${l.id}`, err);
      }
      session.attemptRecorded(completedAt);
      o.onCompleted(w, completedAt);
      return { completionId: input.completionId, lessonId: l.id, score, passed };
    },

    startReview(): ReviewPlay {
      const w = signedIn();
      const languages = languagePreference(w.language, o.language);
      const drawn = o.paths.drawReview(w, o.now(), (lessonId) => findLesson(db, lessonId, languages));
      if (drawn.length === 0) {
        throw new KioskCoreError('not-found', 'There is nothing to review yet: finish a lesson with knowledge checks first, then a review can be offered.');
      }
      session.startReview(drawn);
      return { items: drawn.map(({ lesson, card }) => ({ lessonId: lesson.id, lessonTitle: lesson.title, card })) };
    },

    completeReview(input: CompleteReviewInput): CompletionReceipt {
      const w = signedIn();
      const again = storedReceipt(w, input.completionId);
      if (again) return again;
      const review = session.reviewInPlay;
      if (!review) throw new KioskCoreError('bad-request', 'No review is in progress for this worker: start a review first (startReview), then send its answers.');
      const completedAt = o.now();
      let receipt: { completionId: string; score: number };
      try {
        receipt = recordReviewCompletion(db, {
          completionId: input.completionId,
          workerId: w.id,
          language: review.drawn[0]!.lesson.language,
          drawn: review.drawn,
          answers: input.answers,
          durationMs: sittingMs(review.startedAt, completedAt),
          startedAt: review.startedAt,
          completedAt,
          siteId: o.site.id,
          stationId: o.station.id,
        });
      } catch (err) {
        if (err instanceof ReviewAnswerError) throw new KioskCoreError('bad-request', err.message);
        throw notSaved('review', err);
      }
      session.finishReview();
      o.onCompleted(w, completedAt);
      return { completionId: receipt.completionId, lessonId: REVIEW_LESSON_ID, score: receipt.score, passed: null };
    },
  };
}
