// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installWedgeCapture } from '../../../renderer/src/input/wedge-capture';
import { createKioskStore } from '../../../renderer/src/state/store';
import type { KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { baseSnapshot, fakeTransport } from './fixtures';

let clock = 0;
let detach: () => void = () => undefined;

function setup(reader: KioskSnapshot['reader'] | null = baseSnapshot.reader) {
  const fake = fakeTransport();
  const store = createKioskStore(fake.transport);
  if (reader) store.getState().applySnapshot({ ...baseSnapshot, reader });
  detach = installWedgeCapture(window, store, fake.transport.api, { timeOf: () => clock });
  const pageKeys: string[] = [];
  document.body.addEventListener('keydown', (e) => pageKeys.push(e.key));
  return { ...fake, store, pageKeys };
}

function press(key: string, afterMs: number) {
  clock += afterMs;
  vi.advanceTimersByTime(afterMs);
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

function wait(ms: number) {
  clock += ms;
  vi.advanceTimersByTime(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  clock = 1000;
  document.body.innerHTML = '';
});
afterEach(() => {
  detach();
  vi.useRealTimers();
});

describe('keyboard-wedge capture', () => {
  it('turns a fast burst ending in Enter into a badge tap that never reaches the page', () => {
    const { calls, pageKeys } = setup();
    for (const key of '1001') press(key, 15);
    press('Enter', 15);
    wait(200);
    expect(calls.tapBadge).toEqual([['1001']]);
    expect(pageKeys).toEqual([]);
  });

  it('gives a person key back to the page once the pause shows it was typed', () => {
    const { calls, pageKeys } = setup();
    press('a', 0);
    expect(pageKeys).toEqual([]);
    wait(300);
    expect(pageKeys).toEqual(['a']);
    expect(calls.tapBadge).toEqual([]);
  });

  it('lets navigation keys through untouched', () => {
    const { pageKeys } = setup();
    press('ArrowRight', 0);
    press('Tab', 300);
    expect(pageKeys).toEqual(['ArrowRight', 'Tab']);
  });

  it('logs an oversized burst, tells the worker the read failed, and neither taps nor types it', () => {
    const { calls, store, pageKeys } = setup();
    for (let i = 0; i < 40; i++) press(String(i % 10), 10);
    press('Enter', 10);
    wait(300);
    expect(calls.tapBadge).toEqual([]);
    expect(calls.logEvent).toHaveLength(1);
    expect(calls.logEvent[0]![0].kind).toBe('badge-read-failed');
    expect(calls.logEvent[0]![0].detail).not.toMatch(/0123456789/);
    expect(store.getState().localNotice?.code).toBe('badge-read-failed');
    expect(pageKeys).toEqual([]);
  });

  it('a slow read with Start focused: "Badge read failed", the reason logged, and the button is not pressed (issue 10 repros 3 and 4)', () => {
    const { calls, store, pageKeys } = setup({ ...baseSnapshot.reader });
    store.getState().applySnapshot({ ...baseSnapshot, wedge: { ...baseSnapshot.wedge, maxInterKeyMs: 50 } });
    const start = document.createElement('button');
    const clicked = vi.fn();
    start.addEventListener('click', clicked);
    document.body.append(start);
    start.focus();
    for (const key of '1003') press(key, 70);
    press('Enter', 70);
    wait(1000);
    expect(clicked).not.toHaveBeenCalled();
    expect(pageKeys).toEqual([]);
    expect(calls.tapBadge).toEqual([]);
    expect(store.getState().localNotice?.code).toBe('badge-read-failed');
    expect(calls.logEvent.map(([e]) => e)).toEqual([{ kind: 'badge-read-failed', detail: 'too-slow: 4-character read with a 70 ms gap between keys (longest allowed 50 ms)' }]);
  });

  it('does not lose a tap in the first instant after loading, before the first snapshot arrives', () => {
    const { calls, pageKeys } = setup(null);
    for (const key of '1001') press(key, 8);
    press('Enter', 8);
    expect(calls.tapBadge).toEqual([['1001']]);
    expect(pageKeys).toEqual([]);
  });

  it('stays out of the way when the reader is raw HID', () => {
    const { calls, pageKeys } = setup({ mode: 'hid', state: 'connected', detail: null, lastReadAt: null });
    for (const key of '1001') press(key, 10);
    press('Enter', 10);
    expect(pageKeys).toEqual(['1', '0', '0', '1', 'Enter']);
    expect(calls.tapBadge).toEqual([]);
  });
});
