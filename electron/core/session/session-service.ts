import { idleDeadline, idleSession, isIdleExpired, recordActivity, tapByWorker, type SessionState, type TapOutcome } from './session-machine';

export interface SessionServiceOptions {
  idleTimeoutMs: number;
  now: () => Date;
  /** Called once when a session ends because nobody touched the terminal for idleTimeoutMs. */
  onIdleSignOut: (workerId: string) => void;
}

/** Holds the session state and the single idle timer; all decisions are made by session-machine. */
export class SessionService {
  private state: SessionState = idleSession;
  private timer: ReturnType<typeof setTimeout> | null = null;

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
    if (deadline === null) return;
    this.timer = setTimeout(() => this.checkIdle(), Math.max(0, deadline - this.nowMs()));
  }

  private checkIdle(): void {
    this.timer = null;
    const state = this.state;
    if (state.kind !== 'active') return;
    if (!isIdleExpired(state, this.nowMs(), this.options.idleTimeoutMs)) {
      this.set(state); // the clock and the timer disagreed (e.g. a suspended machine): re-arm for the real deadline
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
