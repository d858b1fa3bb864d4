import { describe, expect, it, vi } from 'vitest';
import type { CheckCard } from '../../../common/contracts/lesson';
import { createKioskStore } from '../../../renderer/src/state/store';
import { baseSnapshot, fakeTransport, lesson, signedIn } from './fixtures';

function setup(resumeCardIndex = 0) {
  const fake = fakeTransport(resumeCardIndex);
  let clock = 1_000;
  const store = createKioskStore(fake.transport, () => clock);
  store.getState().applySnapshot(signedIn());
  return { ...fake, store, advance: (ms: number) => (clock += ms) };
}

describe('kiosk store', () => {
  it('plays a lesson through to completion with the first answers and the time taken', async () => {
    const { store, calls, advance } = setup();
    await store.getState().startLesson('lockout-basics');
    expect(store.getState().play?.cardIndex).toBe(0);
    store.getState().goToCard(1);
    expect(calls.saveProgress).toEqual([[{ lessonId: 'lockout-basics', cardIndex: 1 }]]);
    store.getState().answer(lesson.cards[1] as CheckCard, ['b']);
    store.getState().answer(lesson.cards[1] as CheckCard, ['a']);
    expect(calls.recordAnswer.map(([a]) => a.answer.correct)).toEqual([false, true]);
    store.getState().goToCard(2);
    store.getState().answer(lesson.cards[2] as CheckCard, ['g', 'e']);
    advance(90_000);
    await store.getState().completeLesson();
    const [payload] = calls.completeLesson[0]!;
    expect(payload).toMatchObject({ lessonId: 'lockout-basics' });
    // the core scores and times the sitting itself
    expect(payload).not.toHaveProperty('score');
    expect(payload).not.toHaveProperty('durationMs');
    expect(payload.answers.map((a) => a.chosen)).toEqual([['b'], ['g', 'e']]);
    expect(store.getState().done).toEqual({ workerId: 'w-1001', lessonId: 'lockout-basics', lessonTitle: 'Lockout basics', score: 0.5, passed: false });
    expect(store.getState().play).toBeNull();
  });

  it('resumes at the saved card and sends the worker back to a skipped check before finishing', async () => {
    const { store, calls } = setup(2);
    await store.getState().startLesson('lockout-basics');
    expect(store.getState().play?.cardIndex).toBe(2);
    store.getState().answer(lesson.cards[2] as CheckCard, ['g', 'e']);
    await store.getState().completeLesson();
    expect(calls.completeLesson).toHaveLength(0);
    expect(store.getState().play?.cardIndex).toBe(1);
    expect(store.getState().mustAnswer).toBe(true);
  });

  it('drops the lesson when another worker taps in mid-lesson', async () => {
    const { store } = setup();
    await store.getState().startLesson('lockout-basics');
    store.getState().applySnapshot(signedIn('w-2002', 'Luis'));
    expect(store.getState().play).toBeNull();
  });

  it('a worker signed out mid-lesson who taps in again within the window is back at their card with their answers', async () => {
    const { store, calls, advance } = setup();
    await store.getState().startLesson('lockout-basics');
    store.getState().goToCard(1);
    store.getState().answer(lesson.cards[1] as CheckCard, ['b']);
    store.getState().goToCard(2);
    const before = store.getState().play!;

    store.getState().applySnapshot(baseSnapshot); // idle sign-out
    expect(store.getState().play).toBeNull();
    advance(5 * 60_000);
    store.getState().applySnapshot(signedIn());
    await new Promise((resolve) => setTimeout(resolve, 0));
    const play = store.getState().play!;
    expect(play).toMatchObject({ cardIndex: 2, resumed: true });
    // The core started a new attempt (it dropped the old one at the sign-out): Done goes under its id.
    expect(play.completionId).not.toBe(before.completionId);
    expect(play.answers).toEqual(before.answers);
    // The core was asked to start the attempt again, once.
    expect(calls.startLesson).toEqual([['lockout-basics'], ['lockout-basics']]);
    store.getState().goToCard(1);
    expect(store.getState().play?.resumed).toBe(false);
  });

  it('no resume after the window, nor for another worker', async () => {
    const { store, calls, advance } = setup();
    await store.getState().startLesson('lockout-basics');
    store.getState().goToCard(2);
    store.getState().applySnapshot(signedIn('w-2002', 'Luis'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().play).toBeNull();
    store.getState().applySnapshot(baseSnapshot);
    advance(600_001);
    store.getState().applySnapshot(signedIn());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().play).toBeNull();
    expect(calls.startLesson).toHaveLength(1);
  });

  it('clamps a resume index beyond the lesson to its last card', async () => {
    const { store } = setup(99);
    await store.getState().startLesson('lockout-basics');
    expect(store.getState().play?.cardIndex).toBe(lesson.cards.length - 1);
  });

  it('shows a failed call to the worker instead of losing it', async () => {
    const { store, transport } = setup();
    transport.api.startLesson = async () => {
      throw { code: 'not-found', message: 'Lesson lockout-basics is not in the cache; sync the terminal' };
    };
    await store.getState().startLesson('lockout-basics');
    expect(store.getState().callError).toMatch(/not in the cache/);
    expect(store.getState().busy).toBe(false);
  });

  it('a retried Done carries the same completion id, so the core can record the attempt once', async () => {
    const { store, transport } = setup();
    const sent: string[] = [];
    transport.api.completeLesson = async (a) => {
      sent.push(a.completionId);
      if (sent.length === 1) throw { code: 'unavailable', message: 'The kiosk core did not answer' };
      return { completionId: a.completionId, lessonId: a.lessonId, score: 1, passed: true };
    };
    await store.getState().startLesson('lockout-basics');
    store.getState().goToCard(2);
    store.getState().answer(lesson.cards[1] as CheckCard, ['a']);
    store.getState().answer(lesson.cards[2] as CheckCard, ['g', 'e']);
    await store.getState().completeLesson();
    await store.getState().completeLesson();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    expect(store.getState().done).not.toBeNull();

    // The next attempt of the same lesson is a new completion.
    await store.getState().startLesson('lockout-basics');
    expect(store.getState().play?.completionId).not.toBe(sent[0]);
  });

  it('repro 7: a reloaded screen resumes the attempt the core kept, under its id, with the answers already given', async () => {
    const fake = fakeTransport(2);
    const single = lesson.cards[1] as CheckCard;
    const started: string[] = [];
    const completed: string[] = [];
    fake.transport.api.completeLesson = async (a) => {
      completed.push(a.completionId);
      return { completionId: a.completionId, lessonId: a.lessonId, score: 0.5, passed: false };
    };
    fake.transport.api.startLesson = async (lessonId) => {
      started.push(lessonId);
      return {
        lesson,
        resumeCardIndex: 2,
        completionId: 'a3f1c2de-0000-4000-8000-000000000001',
        answers: [{ itemId: single.itemId, cardId: single.id, chosen: ['b'], correct: false }],
      };
    };
    const store = createKioskStore(fake.transport, () => 1_000);
    const kept = { lessonId: 'lockout-basics', lessonTitle: 'Lockout basics', completionId: 'a3f1c2de-0000-4000-8000-000000000001', recorded: false };
    const snapshot = signedIn();
    store.getState().applySnapshot({ ...snapshot, session: { ...snapshot.session!, attempt: kept } });
    await vi.waitFor(() => expect(store.getState().play).not.toBeNull());
    expect(started).toEqual(['lockout-basics']);
    const play = store.getState().play!;
    expect([play.completionId, play.cardIndex, play.answers[single.itemId]?.first.chosen]).toEqual([kept.completionId, 2, ['b']]);
    store.getState().answer(lesson.cards[2] as CheckCard, ['g', 'e']);
    await store.getState().completeLesson();
    expect(completed).toEqual([kept.completionId]);
    // The same attempt in the next snapshots is this screen's own: never resumed twice.
    store.getState().applySnapshot({ ...snapshot, session: { ...snapshot.session!, attempt: { ...kept, recorded: true } } });
    expect([started.length, completed.length]).toEqual([1, 1]);
  });

  it('repro 7: a Done recorded before a reload is shown from the stored receipt, not played again', async () => {
    const fake = fakeTransport();
    const completed: string[] = [];
    fake.transport.api.completeLesson = async (a) => {
      completed.push(a.completionId);
      return { completionId: a.completionId, lessonId: a.lessonId, score: 0.5, passed: false };
    };
    const store = createKioskStore(fake.transport, () => 1_000);
    const snapshot = signedIn();
    const kept = { lessonId: 'lockout-basics', lessonTitle: 'Lockout basics', completionId: 'a3f1c2de-0000-4000-8000-000000000002', recorded: true };
    store.getState().applySnapshot({ ...snapshot, session: { ...snapshot.session!, attempt: kept } });
    await vi.waitFor(() => expect(store.getState().done).not.toBeNull());
    expect(completed).toEqual([kept.completionId]);
    expect(fake.calls.startLesson).toHaveLength(0);
    expect(store.getState().done).toMatchObject({ lessonTitle: 'Lockout basics', score: 0.5 });
  });

  it("drops a failed call's message when the worker changes, so the next worker never sees it", async () => {
    const { store, transport } = setup();
    transport.api.completeLesson = async () => {
      throw { code: 'internal', message: 'The completion could not be saved (disk full)' };
    };
    await store.getState().startLesson('lockout-basics');
    store.getState().goToCard(2);
    store.getState().answer(lesson.cards[1] as CheckCard, ['a']);
    store.getState().answer(lesson.cards[2] as CheckCard, ['g', 'e']);
    await store.getState().completeLesson();
    expect(store.getState().callError).toMatch(/could not be saved/);

    store.getState().applySnapshot(signedIn());
    expect(store.getState().callError).toMatch(/could not be saved/);
    store.getState().applySnapshot(signedIn('w-2002', 'Luis'));
    expect(store.getState().callError).toBeNull();
  });

  it('a lesson finished while another worker tapped in does not greet the first worker with a stale done screen later', async () => {
    const { store, transport } = setup();
    let finish!: () => void;
    transport.api.completeLesson = (a) => new Promise((resolve) => (finish = () => resolve({ completionId: 'c-1', lessonId: a.lessonId, score: 1, passed: true })));
    await store.getState().startLesson('lockout-basics');
    store.getState().answer(lesson.cards[1] as CheckCard, ['a']);
    store.getState().answer(lesson.cards[2] as CheckCard, ['g', 'e']);
    const completing = store.getState().completeLesson();
    store.getState().applySnapshot(signedIn('w-2002', 'Luis'));
    finish();
    await completing;
    store.getState().applySnapshot(signedIn());
    expect(store.getState().done).toBeNull();
    expect(store.getState().play).toBeNull();
  });
});
