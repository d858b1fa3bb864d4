/**
 * Wrong-PIN lockout as a pure state machine: 5 wrong PINs in a row lock the subject (one supervisor's
 * or IT worker's own PIN, or the diagnostics PIN). The first lockout lasts 5 minutes and each further
 * one twice the one before, up to a day, so guessing stays slow however long it goes on; only a right
 * PIN resets the escalation. Time is an argument; the caller stores the state.
 */

export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;
export const MAX_LOCKOUT_MS = 24 * 60 * 60 * 1000;

export interface LockoutState {
  failures: number;
  /** ISO time until which PIN entry is refused, or null. */
  lockedUntil: string | null;
  /** Lockouts since the last right PIN: the next one lasts LOCKOUT_MS * 2^lockouts (capped). */
  lockouts: number;
}

export const freshLockout: LockoutState = { failures: 0, lockedUntil: null, lockouts: 0 };

/** How long the lockout after `lockouts` earlier ones lasts. */
export function lockoutDurationMs(lockouts: number): number {
  return Math.min(LOCKOUT_MS * 2 ** Math.min(lockouts, 32), MAX_LOCKOUT_MS);
}

/** The end of a lockout still running at `now`, else null. */
export function activeLockout(state: LockoutState, now: Date): string | null {
  return state.lockedUntil !== null && Date.parse(state.lockedUntil) > now.getTime() ? state.lockedUntil : null;
}

export type FailureOutcome = { state: LockoutState; lockedUntil: string | null; attemptsLeft: number };

/** One more wrong PIN. A lockout that has run out starts a new count of tries, not a new escalation. */
export function recordFailure(state: LockoutState, now: Date): FailureOutcome {
  const failures = (state.lockedUntil !== null && activeLockout(state, now) === null ? 0 : state.failures) + 1;
  if (failures >= MAX_FAILURES) {
    const lockedUntil = new Date(now.getTime() + lockoutDurationMs(state.lockouts)).toISOString();
    // The count restarts after the lockout: the next five tries are allowed again.
    return { state: { failures: 0, lockedUntil, lockouts: state.lockouts + 1 }, lockedUntil, attemptsLeft: 0 };
  }
  return { state: { ...state, failures, lockedUntil: null }, lockedUntil: null, attemptsLeft: MAX_FAILURES - failures };
}
