/**
 * Who is signed in at the terminal, as a pure state machine: every transition takes the current time,
 * so timing behaviour is tested without timers. The service next to it owns the one real timer.
 */
export type SessionState =
  | { kind: 'idle' }
  | { kind: 'active'; workerId: string; startedAtMs: number; lastActivityMs: number };

export type TapOutcome = 'signed-in' | 'switched' | 'same-worker';

export const idleSession: SessionState = { kind: 'idle' };

/** A known worker tapped: sign in, switch immediately to them, or keep their session going. */
export function tapByWorker(state: SessionState, workerId: string, nowMs: number): { state: SessionState; outcome: TapOutcome } {
  if (state.kind === 'active' && state.workerId === workerId) {
    return { state: { ...state, lastActivityMs: nowMs }, outcome: 'same-worker' };
  }
  return {
    state: { kind: 'active', workerId, startedAtMs: nowMs, lastActivityMs: nowMs },
    outcome: state.kind === 'active' ? 'switched' : 'signed-in',
  };
}

export function recordActivity(state: SessionState, nowMs: number): SessionState {
  return state.kind === 'active' ? { ...state, lastActivityMs: Math.max(state.lastActivityMs, nowMs) } : state;
}

/** When the session signs out by itself if nothing happens; null when nobody is signed in. */
export function idleDeadline(state: SessionState, idleTimeoutMs: number): number | null {
  return state.kind === 'active' ? state.lastActivityMs + idleTimeoutMs : null;
}

/** The "Still there?" warning shows this long before the idle sign-out, at most a third of the timeout. */
export const IDLE_WARNING_MS = 15_000;

/** When the idle warning starts; null when nobody is signed in. */
export function idleWarningAt(state: SessionState, idleTimeoutMs: number): number | null {
  const deadline = idleDeadline(state, idleTimeoutMs);
  return deadline === null ? null : deadline - Math.min(IDLE_WARNING_MS, Math.floor(idleTimeoutMs / 3));
}

export function isIdleExpired(state: SessionState, nowMs: number, idleTimeoutMs: number): boolean {
  const deadline = idleDeadline(state, idleTimeoutMs);
  return deadline !== null && nowMs >= deadline;
}
