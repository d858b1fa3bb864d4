/**
 * Unknown-badge throttling, as a pure state machine: a keystroke injector typing short numeric
 * badge ids could otherwise learn which ones exist at 170 taps a second. After MAX_UNKNOWN unknown
 * badges within WINDOW_MS the terminal ignores every tap, known or unknown (a known one signing in
 * would still answer the question), for COOLDOWN_MS. Time is an argument; the caller keeps the state.
 */

export const MAX_UNKNOWN = 5;
export const WINDOW_MS = 60_000;
export const COOLDOWN_MS = 30_000;

export interface UnknownBadgeState {
  /** When the unknown badges of the current window were read (ms), oldest first. */
  recent: number[];
  /** Until when taps are ignored (ms), or null. */
  pausedUntil: number | null;
}

export const freshThrottle: UnknownBadgeState = { recent: [], pausedUntil: null };

/** The end of a pause still running at `now`, else null. */
export function pausedUntil(state: UnknownBadgeState, now: number): number | null {
  return state.pausedUntil !== null && state.pausedUntil > now ? state.pausedUntil : null;
}

/** One more unknown badge; `paused` is set when this one started a pause. */
export function recordUnknown(state: UnknownBadgeState, now: number): { state: UnknownBadgeState; paused: number | null } {
  const recent = [...state.recent.filter((t) => t > now - WINDOW_MS), now];
  if (recent.length >= MAX_UNKNOWN) {
    const until = now + COOLDOWN_MS;
    return { state: { recent: [], pausedUntil: until }, paused: until };
  }
  return { state: { recent, pausedUntil: null }, paused: null };
}

/** Whole seconds left in a pause, for the notice ("wait 30 s"); at least 1. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}
