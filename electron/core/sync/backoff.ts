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

/**
 * After the server stopped answering, the terminal probes /healthz (cheap for both sides) on a short
 * jittered schedule and runs a full cycle at the first success, so a backlog drains within seconds
 * of the server being back instead of waiting out a long backoff. Half jitter keeps a site's
 * terminals apart without ever probing at once in a tight loop.
 */
export const PROBE_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 5_000 };

/** A statement that fails on its own (while the server is healthy) waits longer and longer, up to 15 minutes. */
export const STATEMENT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 15 * 60_000 };

/** Uniform in [ceiling/2, ceiling), ceiling = min(cap, base * 2^(n-1)): never zero, so nothing spins. */
export function halfJitterDelayMs(n: number, random: () => number, policy: BackoffPolicy): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(n, 1) - 1, 30));
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}
