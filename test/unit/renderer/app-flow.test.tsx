// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/App';
import { KioskProvider } from '../../../renderer/src/state/context';
import { createKioskStore } from '../../../renderer/src/state/store';
import { DONE_SCREEN_MS } from '../../../renderer/src/screens/DoneScreen';
import { baseSnapshot, fakeTransport, signedIn } from './fixtures';

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
    await act(async () => vi.advanceTimersByTime(DONE_SCREEN_MS));
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
});
