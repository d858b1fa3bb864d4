import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleSession, isIdleExpired, recordActivity, tapByWorker } from '../../../electron/core/session/session-machine';
import { SessionService } from '../../../electron/core/session/session-service';
import { KioskSession, type SessionEnd } from '../../../electron/core/session/kiosk-session';
import type { RosterWorker } from '../../../electron/core/session/roster-repo';
import type { Lesson } from '../../../common/contracts/lesson';

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
    const onIdleWarning = vi.fn();
    const sessions = new SessionService({ idleTimeoutMs: 60_000, now: () => new Date(), onIdleSignOut, onIdleWarning });
    return { sessions, onIdleSignOut, onIdleWarning };
  }

  it('warns 15 s before the sign-out with the sign-out time; a touch during the warning ends it and restarts the clock', () => {
    const { sessions, onIdleSignOut, onIdleWarning } = service();
    const start = Date.now();
    sessions.tap('alex');
    vi.advanceTimersByTime(44_999);
    expect(onIdleWarning).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdleWarning).toHaveBeenCalledExactlyOnceWith(start + 60_000);
    vi.advanceTimersByTime(10_000);
    sessions.activity();
    expect(onIdleWarning).toHaveBeenLastCalledWith(null);
    vi.advanceTimersByTime(44_999);
    expect(onIdleWarning).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(onIdleWarning).toHaveBeenLastCalledWith(start + 55_000 + 60_000);
    vi.advanceTimersByTime(15_000);
    expect(onIdleSignOut).toHaveBeenCalledExactlyOnceWith('alex');
    expect(onIdleWarning).toHaveBeenLastCalledWith(null);
  });

  it('a short timeout warns for a third of it', () => {
    const onIdleWarning = vi.fn();
    const sessions = new SessionService({ idleTimeoutMs: 12_000, now: () => new Date(), onIdleSignOut: vi.fn(), onIdleWarning });
    sessions.tap('alex');
    vi.advanceTimersByTime(7_999);
    expect(onIdleWarning).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdleWarning).toHaveBeenCalledTimes(1);
  });

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

describe('KioskSession: one end for every way a session ends', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-25T08:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const worker = (id: string) => ({ id, employeeId: id, firstName: id, displayName: id, language: 'en', roles: [], stations: [] }) as unknown as RosterWorker;
  const lesson = { id: 'lockout-basics', version: 1, language: 'en', cards: [] } as unknown as Lesson;

  function playing() {
    const ended: SessionEnd[] = [];
    const attempts = { saveNew: vi.fn(), saveAnswers: vi.fn(), dropExcept: vi.fn() };
    const session = new KioskSession({ idleTimeoutMs: 60_000, now: () => new Date(), attempts, onEnded: (why) => ended.push(why) });
    session.tap(worker('alex'));
    session.startAttempt(lesson);
    session.startReview([]);
    return { session, ended, attempts };
  }

  it.each(['signed-out', 'staff-closed'] as const)('%s clears the worker, the lesson and the review in play', (why) => {
    const { session, ended, attempts } = playing();
    session.endSession(why);
    expect([session.current, session.attemptOf('lockout-basics'), session.reviewInPlay]).toEqual([null, null, null]);
    expect(attempts.dropExcept).toHaveBeenLastCalledWith(null);
    expect(ended).toEqual([why]);
  });

  it('the idle timeout ends the session the same way, once', () => {
    const { session, ended } = playing();
    vi.advanceTimersByTime(60_000);
    expect([session.current, session.attemptOf('lockout-basics'), session.reviewInPlay]).toEqual([null, null, null]);
    expect(ended).toEqual(['idle']);
    session.dispose();
  });

  it("another worker's tap starts them with nothing in play; the same worker's tap keeps their lesson", () => {
    const { session, attempts } = playing();
    expect(session.tap(worker('alex'))).toBe('same-worker');
    expect(session.attemptOf('lockout-basics')?.lesson).toBe(lesson);
    expect(session.tap(worker('sam'))).toBe('switched');
    expect(attempts.dropExcept).toHaveBeenLastCalledWith('sam');
    expect([session.current?.id, session.attemptOf('lockout-basics'), session.reviewInPlay]).toEqual(['sam', null, null]);
    session.dispose();
  });
});
