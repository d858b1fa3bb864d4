// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/App';
import { KioskProvider } from '../../../renderer/src/state/context';
import { createKioskStore } from '../../../renderer/src/state/store';
import { DONE_CHOICE_MS, DONE_SCREEN_MS } from '../../../renderer/src/screens/DoneScreen';
import { baseSnapshot, fakeTransport, nextLesson, signedIn } from './fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLDivElement;

function mount() {
  const fake = fakeTransport();
  const store = createKioskStore(fake.transport);
  fake.transport.onSnapshot((s) => store.getState().applySnapshot(s));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => {
    root.render(
      <KioskProvider store={store} transport={fake.transport}>
        <App />
      </KioskProvider>,
    );
  });
  return { ...fake, store };
}

const byTestId = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
async function click(id: string) {
  const element = byTestId(id);
  if (!element) throw new Error(`no element with data-testid=${id}; screen is ${container.innerHTML.slice(0, 300)}`);
  await act(async () => element.click());
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

describe('kiosk screens', () => {
  it('takes a worker from the attract screen through a lesson to the confirmation and back', async () => {
    const { push, calls } = mount();
    act(() => push(baseSnapshot));
    expect(byTestId('attract-screen')?.textContent).toContain('Tap your badge to start');
    // The site's and station's names, as site IT wrote them in the config: not their ids.
    expect(byTestId('attract-screen')?.textContent).toContain('Plant 2 · Press line 4');

    act(() => push(signedIn('w-3', 'Rosa', 'es')));
    expect(byTestId('greeting')?.textContent).toBe('Hola Rosa');
    expect(document.documentElement.lang).toBe('es');
    expect(byTestId('next-lesson')?.textContent).toContain('Lockout basics');

    await click('start-lesson');
    expect(byTestId('lesson-player')).not.toBeNull();
    expect(byTestId('card-index')?.textContent).toBe('Tarjeta 1 de 3');
    await click('next-card');
    expect(calls.saveProgress.at(-1)).toEqual([{ lessonId: 'lockout-basics', cardIndex: 1 }]);

    expect((byTestId('next-card') as HTMLButtonElement).disabled).toBe(true);
    await click('check-option-b');
    expect(byTestId('check-feedback')?.dataset.correct).toBe('false');
    expect(byTestId('check-feedback')?.textContent).toContain('Too late.');
    await click('check-option-a');
    expect(byTestId('check-feedback')?.dataset.correct).toBe('true');
    expect(byTestId('check-feedback')?.textContent).toContain('Energy must be isolated first.');

    await act(async () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' })));
    expect(byTestId('card-index')?.textContent).toBe('Tarjeta 3 de 3');
    await click('check-option-g');
    await click('check-option-e');
    await click('check-answer');
    await click('complete-lesson');

    expect(calls.completeLesson[0]![0].answers.map((a) => a.correct)).toEqual([false, true]);
    expect(byTestId('done-screen')?.textContent).toContain('50%');
    // Below the pass mark: the screen offers the retake, so it waits longer than a plain confirmation.
    await act(async () => vi.advanceTimersByTime(DONE_SCREEN_MS));
    expect(calls.signOut).toHaveLength(0);
    await act(async () => vi.advanceTimersByTime(DONE_CHOICE_MS - DONE_SCREEN_MS));
    expect(calls.signOut).toHaveLength(1);
  });

  it('shows only the error screen when the core reports an error', () => {
    const { push } = mount();
    act(() => push({ ...signedIn(), status: 'error', error: { title: 'Database locked', detail: 'd', fix: 'f' } }));
    expect(byTestId('error-screen')?.textContent).toContain('Database locked');
    expect(byTestId('greeting')).toBeNull();
    expect(byTestId('notice')).toBeNull();
    act(() => push({ ...baseSnapshot, status: 'error', error: null }));
    expect(byTestId('error-screen')?.textContent).toContain('The kiosk cannot start');
  });

  it('shows a disconnected reader banner and a fresh notice on the attract screen, worded in the terminal language', () => {
    const { push } = mount();
    act(() =>
      push({
        ...baseSnapshot,
        reader: { mode: 'hid', state: 'disconnected', detail: 'Plug the reader back in', lastReadAt: null },
        terminal: { ...baseSnapshot.terminal, language: 'es' },
        notice: { code: 'unknown-badge', params: {}, at: new Date().toISOString() },
      }),
    );
    expect(byTestId('reader-banner')?.textContent).toContain('Lector de tarjetas desconectado');
    expect(byTestId('reader-banner')?.textContent).toContain('Plug the reader back in');
    expect(byTestId('notice')?.textContent).toBe('Todavía no reconocemos esta tarjeta. Pide a tu supervisor que la registre.');
    act(() => vi.advanceTimersByTime(10_000));
    expect(byTestId('notice')).toBeNull();
  });

  /** Plays the fixture lesson with every first answer wrong and presses Done. */
  async function failLesson(fake: ReturnType<typeof mount>) {
    fake.transport.api.completeLesson = async (a) => ({ completionId: a.completionId, lessonId: a.lessonId, score: 0, passed: false });
    act(() => fake.push(signedIn()));
    await click('start-lesson');
    await click('next-card');
    await click('check-option-b');
    await click('next-card');
    await click('check-option-s');
    await click('check-answer');
    await click('complete-lesson');
  }

  it('a failed attempt says "Not passed yet" with what to do, shows no success tick, and offers the retake', async () => {
    const fake = mount();
    await failLesson(fake);
    const screen = byTestId('done-screen')!;
    expect(byTestId('done-title')?.textContent).toBe('Not passed yet');
    expect(screen.textContent).not.toContain('✓');
    expect(screen.textContent).not.toContain('Lesson complete');
    expect(byTestId('done-score')?.textContent).toBe('You scored 0%');
    expect(byTestId('done-what-next')?.textContent).toMatch(/Take the lesson again.*ask your supervisor/);
    expect(byTestId('next-on-done')).toBeNull();
    await click('retake-lesson');
    expect(fake.calls.startLesson).toEqual([['lockout-basics'], ['lockout-basics']]);
    expect(byTestId('lesson-player')).not.toBeNull();
  });

  it('after a pass, offers the next required lesson that fits the time budget, plus "I\'m done"', async () => {
    const fake = mount();
    act(() => fake.push(signedIn()));
    await click('start-lesson');
    await click('next-card');
    await click('check-option-a');
    await click('next-card');
    await click('check-option-g');
    await click('check-option-e');
    await click('check-answer');
    await click('complete-lesson');
    // The core's snapshot after the completion: the engine's next pick is step 2 of the station's list.
    const step2 = { ...nextLesson, id: 'pinch-points', title: 'Pinch points', durationMinutes: 3, reasonCode: 'station-required', reason: 'Required for Press line 4 - step 2 of 2' };
    const after = signedIn();
    act(() => fake.push({ ...after, session: { ...after.session!, next: step2 } }));
    expect(byTestId('done-title')?.textContent).toBe('Lesson complete');
    expect(byTestId('next-on-done')?.textContent).toContain('Pinch points');
    expect(byTestId('finish')?.textContent).toBe("I'm done");
    // A choice to read: the screen stays longer than a plain confirmation.
    await act(async () => vi.advanceTimersByTime(DONE_SCREEN_MS));
    expect(fake.calls.signOut).toHaveLength(0);
    await click('next-on-done');
    expect(fake.calls.startLesson.at(-1)).toEqual(['pinch-points']);

    // Optional, or too long for the few minutes a worker spares: no "Next lesson".
    const optional = { ...step2, reasonCode: 'optional' };
    const long = { ...step2, durationMinutes: 12 };
    for (const next of [optional, long]) {
      act(() => fake.store.setState({ play: null, done: { workerId: 'w-1001', lessonId: 'x', lessonTitle: 'X', score: 1, passed: true } }));
      act(() => fake.push({ ...after, session: { ...after.session!, next } }));
      expect(byTestId('done-screen')).not.toBeNull();
      expect(byTestId('next-on-done')).toBeNull();
      expect(byTestId('finish')?.textContent).toBe('Finish');
    }
    await act(async () => vi.advanceTimersByTime(DONE_CHOICE_MS));
    expect(fake.calls.signOut).toHaveLength(1);
  });

  it('diagnostics without a configured PIN says so before asking for any PIN', () => {
    const { push } = mount();
    act(() => push({ ...baseSnapshot, staff: { kind: 'diagnostics', stage: 'pin', name: null, lockedUntil: null, pinConfigured: false } }));
    expect(byTestId('pin-not-configured')?.textContent).toContain('No diagnostics PIN is configured on this terminal.');
    expect(byTestId('pin-not-configured')?.textContent).toContain('diagnostics.pinHash');
    expect(byTestId('pin-entry')).toBeNull();
    expect(byTestId('staff-cancel')?.textContent).toBe('Close');
    act(() => push({ ...baseSnapshot, staff: { kind: 'diagnostics', stage: 'pin', name: null, lockedUntil: null, pinConfigured: true } }));
    expect(byTestId('pin-not-configured')).toBeNull();
    expect(byTestId('pin-entry')).not.toBeNull();
  });

  it('"Still there?" counts down to the sign-out; a touch anywhere on it tells the core at once', async () => {
    const { push, calls } = mount();
    act(() => push(signedIn()));
    // The warning comes long after the screen was drawn: the countdown starts from the warning.
    await act(async () => vi.advanceTimersByTime(45_000));
    const signOutAt = new Date(Date.now() + 15_000).toISOString();
    act(() => push({ ...signedIn(), idleWarning: { signOutAt } }));
    expect(byTestId('idle-warning')?.textContent).toContain('Still there?');
    expect(byTestId('idle-countdown')?.textContent).toBe('Signing you out in 15 seconds. Touch the screen to carry on.');
    for (let s = 0; s < 56; s++) await act(async () => vi.advanceTimersByTime(250));
    expect(byTestId('idle-countdown')?.textContent).toContain('in 1 second.');
    await act(async () => byTestId('idle-warning')!.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true })));
    expect(calls.reportActivity).toHaveLength(1);
    act(() => push({ ...signedIn(), idleWarning: null }));
    expect(byTestId('idle-warning')).toBeNull();
    // Nobody signed in: no warning, whatever a stale snapshot says.
    act(() => push({ ...baseSnapshot, idleWarning: { signOutAt } }));
    expect(byTestId('idle-warning')).toBeNull();
  });
});
