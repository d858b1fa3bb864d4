import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AnswerRecord, AttemptView, KioskNotice, KioskSnapshot, KioskTransport, TapResult } from '../../../common/contracts/kiosk-api';
import type { CheckCard, Lesson } from '../../../common/contracts/lesson';
import { countedAnswers, firstUnansweredCheck, recordAttempt, type AnswerBook } from '../lesson/scoring';
import { parkedFor, reconcileWithSnapshot, type DoneState, type ParkedPlay, type PlayState, type ReviewState } from './screen';

/** The one renderer store: the core's latest snapshot plus what the screens need on top of it. */
export interface KioskState {
  snapshot: KioskSnapshot | null;
  play: PlayState | null;
  done: DoneState | null;
  review: ReviewState | null;
  /** A call is in flight that the worker waits for (starting or completing a lesson). */
  busy: boolean;
  /** The last failed call, shown until the next action; the core's message already names the fix. */
  callError: string | null;
  /** Set when Done was pressed with a check still unanswered (e.g. one skipped by resuming past it). */
  mustAnswer: boolean;
  noticeDismissedAt: string | null;
  /** A notice raised in the renderer itself (a badge read that fell apart before reaching the core). */
  localNotice: KioskNotice | null;
  /** A lesson its worker was signed out of mid-way (idle, another badge): resumed on their next tap within the window. */
  parked: ParkedPlay | null;

  applySnapshot(snapshot: KioskSnapshot): void;
  /** Back into a parked lesson at its card, with its answers. */
  resumeParked(play: PlayState): Promise<void>;
  startLesson(lessonId: string): Promise<void>;
  goToCard(index: number): void;
  answer(card: CheckCard, chosen: string[]): void;
  completeLesson(): Promise<void>;
  startReview(): Promise<void>;
  answerReview(card: CheckCard, chosen: string[]): void;
  nextReviewItem(): void;
  completeReview(): Promise<void>;
  signOut(): Promise<void>;
  /** A badge burst read by the wedge listener. */
  tapBadge(badge: string): Promise<void>;
  dismissNotice(at: string): void;
  /** The wedge capture saw a read fall apart: the worker is told to tap again. */
  badgeReadFailed(): void;
}

export type KioskStore = StoreApi<KioskState>;

/** The answer book of an attempt resumed after a reload, rebuilt from the answers the core kept. */
function replayAnswers(lesson: Lesson, answers: readonly AnswerRecord[]): AnswerBook {
  const checks = new Map(lesson.cards.flatMap((c) => (c.kind === 'check' ? [[c.itemId, c] as const] : [])));
  return answers.reduce((book, a) => {
    const card = checks.get(a.itemId);
    return card ? recordAttempt(book, card, a.chosen).book : book;
  }, {} as AnswerBook);
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

export function createKioskStore(transport: KioskTransport, now: () => number = Date.now): KioskStore {
  const { api } = transport;

  return createStore<KioskState>()((set, get) => {
    /**
     * Attempts this screen started, finished or already tried to resume. Any other attempt the core
     * keeps for the signed-in worker was left by a screen before a reload or a restart: resume it once.
     */
    const handledAttempts = new Set<string>();

    const resumeAttempt = async (workerId: string, attempt: AttemptView) => {
      handledAttempts.add(attempt.completionId);
      if (!attempt.recorded) return get().startLesson(attempt.lessonId);
      // Its Done reached the core but the answer did not reach the screen: the core answers with the stored receipt.
      set({ busy: true, callError: null });
      try {
        const receipt = await api.completeLesson({ completionId: attempt.completionId, lessonId: attempt.lessonId, answers: [] });
        set({ done: doneIfStillSignedIn({ workerId, lessonId: attempt.lessonId, lessonTitle: attempt.lessonTitle, score: receipt.score, passed: receipt.passed }) });
      } catch (error) {
        set({ callError: describeError(error) });
      } finally {
        set({ busy: false });
      }
    };

    /** Fire-and-forget calls still surface failures: a lost answer or save must not be silent. */
    const report = (promise: Promise<unknown>) => {
      promise.catch((error: unknown) => set({ callError: describeError(error) }));
    };

    /** The confirmation, unless the worker was switched or signed out while the call ran: it would greet them on their next tap. */
    const doneIfStillSignedIn = (done: DoneState): DoneState | null => (get().snapshot?.session?.worker.id === done.workerId ? done : null);

    return {
      snapshot: null,
      play: null,
      done: null,
      review: null,
      busy: false,
      callError: null,
      mustAnswer: false,
      noticeDismissedAt: null,
      localNotice: null,
      parked: null,

      applySnapshot(snapshot) {
        let resume: PlayState | null = null;
        set((ui) => {
          const workerId = snapshot.status === 'ready' ? (snapshot.session?.worker.id ?? null) : null;
          const review = ui.review && ui.review.workerId === workerId ? ui.review : null;
          // A failed call belongs to the worker who made it: the next one (or the attract screen) must not see it.
          const previousWorkerId = ui.snapshot?.status === 'ready' ? (ui.snapshot.session?.worker.id ?? null) : null;
          const callError = workerId === previousWorkerId ? ui.callError : null;
          const reconciled = reconcileWithSnapshot(ui, snapshot);
          // A lesson its worker left by being signed out is kept: their next tap goes back to it.
          const parked = ui.play && !reconciled.play ? { play: ui.play, parkedAtMs: now() } : ui.parked;
          if (workerId !== previousWorkerId && snapshot.status === 'ready') resume = parkedFor(parked, workerId, now(), snapshot.terminal.resumeWindowSeconds);
          return { snapshot, review, callError, ...reconciled, parked: resume ? null : parked };
        });
        if (resume) return void get().resumeParked(resume);
        const session = snapshot.status === 'ready' ? snapshot.session : null;
        const attempt = session?.attempt;
        const { play, done, review, busy } = get();
        if (session && attempt && !handledAttempts.has(attempt.completionId) && !play && !done && !review && !busy) {
          void resumeAttempt(session.worker.id, attempt);
        }
      },

      async resumeParked(parked) {
        set({ busy: true });
        try {
          // The core dropped its attempt at the sign-out and starts a new one (its id is the one to send
          // with Done); the card and the answers are the renderer's, as they were, and Done sends them.
          const { lesson, completionId } = await api.startLesson(parked.lesson.id);
          handledAttempts.add(completionId);
          if (get().snapshot?.session?.worker.id !== parked.workerId || get().play) return;
          if (lesson.version !== parked.lesson.version) return; // the lesson changed meanwhile: start it afresh from the greeting
          set({ play: { ...parked, completionId, resumed: true }, done: null, mustAnswer: false });
        } catch (error) {
          set({ callError: describeError(error) });
        } finally {
          set({ busy: false });
        }
      },

      async startLesson(lessonId) {
        const workerId = get().snapshot?.session?.worker.id;
        if (!workerId || get().busy) return;
        set({ busy: true, callError: null });
        try {
          const { lesson, resumeCardIndex, completionId, answers } = await api.startLesson(lessonId);
          handledAttempts.add(completionId);
          // The worker may have been switched or signed out while the lesson loaded.
          if (get().snapshot?.session?.worker.id !== workerId) return;
          const cardIndex = Math.min(Math.max(0, resumeCardIndex), lesson.cards.length - 1);
          set({ play: { completionId, workerId, lesson, cardIndex, answers: replayAnswers(lesson, answers) }, done: null, mustAnswer: false });
        } catch (error) {
          set({ callError: describeError(error) });
        } finally {
          set({ busy: false });
        }
      },

      goToCard(index) {
        const play = get().play;
        if (!play || index < 0 || index >= play.lesson.cards.length || index === play.cardIndex) return;
        set({ play: { ...play, cardIndex: index, resumed: false }, mustAnswer: false, callError: null });
        report(api.saveProgress({ lessonId: play.lesson.id, cardIndex: index }));
      },

      answer(card, chosen) {
        const play = get().play;
        if (!play) return;
        const { book, record } = recordAttempt(play.answers, card, chosen);
        set({ play: { ...play, answers: book }, mustAnswer: false });
        report(api.recordAnswer({ lessonId: play.lesson.id, answer: record }));
      },

      async completeLesson() {
        const play = get().play;
        if (!play || get().busy) return;
        const unanswered = firstUnansweredCheck(play.lesson, play.answers);
        if (unanswered !== null) {
          get().goToCard(unanswered);
          set({ mustAnswer: true });
          return;
        }
        set({ busy: true, callError: null });
        try {
          const receipt = await api.completeLesson({
            completionId: play.completionId,
            lessonId: play.lesson.id,
            answers: countedAnswers(play.lesson, play.answers),
          });
          set({
            play: null,
            done: doneIfStillSignedIn({ workerId: play.workerId, lessonId: play.lesson.id, lessonTitle: play.lesson.title, score: receipt.score, passed: receipt.passed }),
          });
        } catch (error) {
          set({ callError: describeError(error) });
        } finally {
          set({ busy: false });
        }
      },

      async startReview() {
        const workerId = get().snapshot?.session?.worker.id;
        if (!workerId || get().busy) return;
        set({ busy: true, callError: null });
        try {
          const { items } = await api.startReview();
          if (get().snapshot?.session?.worker.id !== workerId) return;
          set({ review: { completionId: crypto.randomUUID(), workerId, items, index: 0, answers: {} }, play: null, done: null });
        } catch (error) {
          set({ callError: describeError(error) });
        } finally {
          set({ busy: false });
        }
      },

      answerReview(card, chosen) {
        const review = get().review;
        if (!review) return;
        // Answers go to the core together at the end: a review is graded and scheduled as one session.
        set({ review: { ...review, answers: recordAttempt(review.answers, card, chosen).book } });
      },

      nextReviewItem() {
        const review = get().review;
        if (!review || review.index >= review.items.length - 1) return;
        set({ review: { ...review, index: review.index + 1 } });
      },

      async completeReview() {
        const review = get().review;
        if (!review || get().busy) return;
        const answers = review.items.flatMap(({ card }) => {
          const state = review.answers[card.itemId];
          return state ? [state.first] : [];
        });
        // The player only offers Done once every drawn check is answered.
        if (answers.length < review.items.length) return;
        set({ busy: true, callError: null });
        try {
          const receipt = await api.completeReview({ completionId: review.completionId, answers });
          set({ review: null, done: doneIfStillSignedIn({ workerId: review.workerId, lessonId: '', lessonTitle: '', score: receipt.score, passed: receipt.passed, review: true }) });
        } catch (error) {
          set({ callError: describeError(error) });
        } finally {
          set({ busy: false });
        }
      },

      async signOut() {
        // The screens change when the core's snapshot drops the session, not before: no flash of
        // the greeting between the confirmation and the attract screen.
        try {
          await api.signOut();
        } catch (error) {
          set({ callError: describeError(error) });
        }
      },

      async tapBadge(badge) {
        let result: TapResult;
        try {
          result = await api.tapBadge(badge);
        } catch (error) {
          set({ callError: describeError(error) });
          return;
        }
        // A tap on the confirmation screen ends it at once, even by the same worker.
        if (result.outcome === 'same-worker' || result.outcome === 'signed-in' || result.outcome === 'switched') {
          set({ done: null });
        }
      },

      dismissNotice(at) {
        set({ noticeDismissedAt: at });
      },

      badgeReadFailed() {
        set({ localNotice: { code: 'badge-read-failed', params: {}, at: new Date(now()).toISOString() } });
      },
    };
  });
}
