import { idleDeadline, idleSession, idleWarningAt, isIdleExpired, recordActivity, tapByWorker, type SessionState, type TapOutcome } from './session-machine';

export interface SessionServiceOptions {
  idleTimeoutMs: number;
  now: () => Date;
  /** Called once when a session ends because nobody touched the terminal for idleTimeoutMs. */
  onIdleSignOut: (workerId: string) => void;
  /** The "Still there?" warning: called with the sign-out time when it starts, with null when a touch ends it. */
  onIdleWarning?: (signOutAtMs: number | null) => void;
}

/** Holds the session state and the single idle timer; all decisions are made by session-machine. */
export class SessionService {
  private state: SessionState = idleSession;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private warned = false;

  constructor(private readonly options: SessionServiceOptions) {}

  get current(): SessionState {
    return this.state;
  }

  tap(workerId: string): TapOutcome {
    const { state, outcome } = tapByWorker(this.state, workerId, this.nowMs());
    this.set(state);
    return outcome;
  }

  activity(): void {
    this.set(recordActivity(this.state, this.nowMs()));
  }

  signOut(): void {
    this.set(idleSession);
  }

  dispose(): void {
    this.clearTimer();
  }

  private nowMs(): number {
    return this.options.now().getTime();
  }

  private set(state: SessionState): void {
    this.state = state;
    this.clearTimer();
    const deadline = idleDeadline(state, this.options.idleTimeoutMs);
    const warnAt = idleWarningAt(state, this.options.idleTimeoutMs);
    if (this.warned && (warnAt === null || this.nowMs() < warnAt)) {
      this.warned = false;
      this.options.onIdleWarning?.(null);
    }
    if (deadline === null || warnAt === null) return;
    const next = this.warned || this.nowMs() >= warnAt ? deadline : warnAt;
    this.timer = setTimeout(() => this.checkIdle(), Math.max(0, next - this.nowMs()));
  }

  private checkIdle(): void {
    this.timer = null;
    const state = this.state;
    if (state.kind !== 'active') return;
    if (!isIdleExpired(state, this.nowMs(), this.options.idleTimeoutMs)) {
      const warnAt = idleWarningAt(state, this.options.idleTimeoutMs)!;
      if (!this.warned && this.nowMs() >= warnAt) {
        this.warned = true;
        this.options.onIdleWarning?.(idleDeadline(state, this.options.idleTimeoutMs));
      }
      this.set(state); // re-arm: for the deadline after the warning, or when the clock and the timer disagreed (a suspended machine)
      return;
    }
    this.set(idleSession);
    this.options.onIdleSignOut(state.workerId);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
