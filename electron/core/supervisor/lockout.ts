/**
 * Wrong-PIN lockout as a pure state machine: 5 wrong PINs in a row lock the subject (one supervisor's
 * or IT worker's own PIN, or the diagnostics PIN) for 5 minutes. Time is an argument; the caller stores the state.
 */

export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;

export interface LockoutState {
  failures: number;
  /** ISO time until which PIN entry is refused, or null. */
  lockedUntil: string | null;
}

export const freshLockout: LockoutState = { failures: 0, lockedUntil: null };

/** The end of a lockout still running at `now`, else null. */
export function activeLockout(state: LockoutState, now: Date): string | null {
  return state.lockedUntil !== null && Date.parse(state.lockedUntil) > now.getTime() ? state.lockedUntil : null;
}

export type FailureOutcome = { state: LockoutState; lockedUntil: string | null; attemptsLeft: number };

/** One more wrong PIN. A lockout that has run out starts a new count. */
export function recordFailure(state: LockoutState, now: Date): FailureOutcome {
  const failures = (state.lockedUntil !== null && activeLockout(state, now) === null ? 0 : state.failures) + 1;
  if (failures >= MAX_FAILURES) {
    const lockedUntil = new Date(now.getTime() + LOCKOUT_MS).toISOString();
    // The count restarts after the lockout: the next five tries are allowed again.
    return { state: { failures: 0, lockedUntil }, lockedUntil, attemptsLeft: 0 };
  }
  return { state: { failures, lockedUntil: null }, lockedUntil: null, attemptsLeft: MAX_FAILURES - failures };
}
