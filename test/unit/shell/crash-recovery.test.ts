import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { createRestartBackoff, reloadOnRendererCrash } from '../../../electron/shell/crash-recovery';

describe('renderer restart backoff', () => {
  it('doubles the pause for repeated crashes up to a minute', () => {
    const backoff = createRestartBackoff();
    const delays = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => backoff.nextDelay(i * 1000));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('starts short again after the renderer stayed up', () => {
    const backoff = createRestartBackoff({ stableMs: 60_000 });
    backoff.nextDelay(0);
    backoff.nextDelay(1000);
    expect(backoff.nextDelay(2000)).toBe(4000);
    expect(backoff.nextDelay(2000 + 60_001)).toBe(1000);
  });
});

describe('reload on renderer crash', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function fakeWebContents() {
    return Object.assign(new EventEmitter(), { reload: vi.fn(), forcefullyCrashRenderer: vi.fn(), isDestroyed: () => false });
  }

  it('reloads a crashed renderer after the backoff pause and reports the crash', () => {
    const wc = fakeWebContents();
    const onCrash = vi.fn();
    reloadOnRendererCrash(wc as any, { now: () => Date.now(), onCrash });
    wc.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(onCrash).toHaveBeenCalledWith('crashed (exit code 139)', 1000);
    vi.advanceTimersByTime(999);
    expect(wc.reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(wc.reload).toHaveBeenCalledTimes(1);
    wc.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    vi.advanceTimersByTime(1999);
    expect(wc.reload).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(wc.reload).toHaveBeenCalledTimes(2);
  });

  it('leaves a cleanly exited renderer alone', () => {
    const wc = fakeWebContents();
    reloadOnRendererCrash(wc as any);
    wc.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    vi.runAllTimers();
    expect(wc.reload).not.toHaveBeenCalled();
  });

  it('crashes a renderer that stays hung so it gets reloaded, but not one that recovers', () => {
    const wc = fakeWebContents();
    reloadOnRendererCrash(wc as any, { hangMs: 15_000 });
    wc.emit('unresponsive');
    vi.advanceTimersByTime(10_000);
    wc.emit('responsive');
    vi.advanceTimersByTime(60_000);
    expect(wc.forcefullyCrashRenderer).not.toHaveBeenCalled();
    wc.emit('unresponsive');
    vi.advanceTimersByTime(15_000);
    expect(wc.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
  });
});
