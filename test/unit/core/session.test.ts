import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleSession, isIdleExpired, recordActivity, tapByWorker } from '../../../electron/core/session/session-machine';
import { SessionService } from '../../../electron/core/session/session-service';

describe('session machine', () => {
  it('signs in, keeps the same worker, and switches immediately to another worker', () => {
    const a = tapByWorker(idleSession, 'alex', 0);
    expect(a.outcome).toBe('signed-in');
    const same = tapByWorker(a.state, 'alex', 5_000);
    expect(same.outcome).toBe('same-worker');
    expect(same.state).toMatchObject({ workerId: 'alex', startedAtMs: 0, lastActivityMs: 5_000 });
    const b = tapByWorker(same.state, 'lucia', 6_000);
    expect(b.outcome).toBe('switched');
    expect(b.state).toMatchObject({ workerId: 'lucia', startedAtMs: 6_000 });
  });

  it('expires after the idle timeout counted from the last activity', () => {
    const s = recordActivity(tapByWorker(idleSession, 'alex', 0).state, 40_000);
    expect(isIdleExpired(s, 99_999, 60_000)).toBe(false);
    expect(isIdleExpired(s, 100_000, 60_000)).toBe(true);
    expect(isIdleExpired(idleSession, 1e12, 60_000)).toBe(false);
  });
});

describe('SessionService idle sign-out', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-25T08:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function service() {
    const onIdleSignOut = vi.fn();
    const sessions = new SessionService({ idleTimeoutMs: 60_000, now: () => new Date(), onIdleSignOut });
    return { sessions, onIdleSignOut };
  }

  it('signs out once after the timeout with no activity', () => {
    const { sessions, onIdleSignOut } = service();
    sessions.tap('alex');
    vi.advanceTimersByTime(59_999);
    expect(onIdleSignOut).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdleSignOut).toHaveBeenCalledExactlyOnceWith('alex');
    expect(sessions.current.kind).toBe('idle');
    vi.advanceTimersByTime(600_000);
    expect(onIdleSignOut).toHaveBeenCalledTimes(1);
  });

  it('activity postpones the sign-out', () => {
    const { sessions, onIdleSignOut } = service();
    sessions.tap('alex');
    vi.advanceTimersByTime(50_000);
    sessions.activity();
    vi.advanceTimersByTime(50_000);
    expect(onIdleSignOut).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onIdleSignOut).toHaveBeenCalledWith('alex');
  });

  it('a switch restarts the timer for the new worker; an explicit sign-out cancels it', () => {
    const { sessions, onIdleSignOut } = service();
    sessions.tap('alex');
    vi.advanceTimersByTime(30_000);
    expect(sessions.tap('lucia')).toBe('switched');
    vi.advanceTimersByTime(59_000);
    expect(onIdleSignOut).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onIdleSignOut).toHaveBeenCalledExactlyOnceWith('lucia');

    sessions.tap('alex');
    sessions.signOut();
    vi.advanceTimersByTime(120_000);
    expect(onIdleSignOut).toHaveBeenCalledTimes(1);
  });
});
