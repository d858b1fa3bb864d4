/** How long to wait before the next sync attempt. Pure: the random source and failure count come in. */

export interface BackoffPolicy {
  /** Delay ceiling for the first retry; doubles per consecutive failure. */
  baseMs: number;
  /** No wait is ever longer than this, so a terminal back online syncs within minutes at worst. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(failures-1))). Full jitter
 * spreads a whole site's terminals out when the server comes back, instead of a synchronized stampede.
 */
export function backoffDelayMs(failures: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (failures <= 0) return 0;
  // 2^30 already exceeds any sane cap; clamping the exponent avoids Infinity for long outages
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.floor(random() * ceiling);
}

export type SyncOutcome = 'ok' | 'failed' | 'stopped';

/**
 * When to run the next cycle: the regular interval after a good cycle, backoff after a failure,
 * never on its own after a stop (revoked credential, refused enrollment code: only a restart with
 * a new config helps).
 */
export function nextCycleDelayMs(outcome: SyncOutcome, failures: number, intervalMs: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number | null {
  if (outcome === 'stopped') return null;
  if (outcome === 'ok') return intervalMs;
  return backoffDelayMs(failures, random, policy);
}
