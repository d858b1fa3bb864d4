import type { WebContents } from 'electron';

/**
 * Reload a crashed renderer after a growing pause (1 s, 2 s, 4 s ... up to a minute), so a renderer
 * that crashes on start cannot spin the CPU in a crash loop. A renderer that stayed up for a while
 * starts again from the short pause.
 */
export function createRestartBackoff(opts: { baseMs?: number; maxMs?: number; stableMs?: number } = {}) {
  const baseMs = opts.baseMs ?? 1000;
  const maxMs = opts.maxMs ?? 60_000;
  const stableMs = opts.stableMs ?? 5 * 60_000;
  let attempts = 0;
  let lastCrashAt = Number.NEGATIVE_INFINITY;
  return {
    /** Delay before the next reload, given the time of this crash. */
    nextDelay(now: number): number {
      if (now - lastCrashAt > stableMs) attempts = 0;
      lastCrashAt = now;
      const delay = Math.min(maxMs, baseMs * 2 ** attempts);
      attempts += 1;
      return delay;
    },
  };
}

/**
 * A crashed renderer is reloaded after the backoff pause; one hung for `hangMs` is crashed on purpose
 * so the same path restarts it (a frozen kiosk screen is worse than a two-second reload).
 */
export function reloadOnRendererCrash(
  webContents: WebContents,
  opts: { now?: () => number; hangMs?: number; onCrash?: (reason: string, delayMs: number) => void } = {},
): void {
  const now = opts.now ?? Date.now;
  const backoff = createRestartBackoff();
  let hangTimer: ReturnType<typeof setTimeout> | null = null;
  webContents.on('unresponsive', () => {
    if (hangTimer) return;
    hangTimer = setTimeout(() => {
      hangTimer = null;
      if (!webContents.isDestroyed()) webContents.forcefullyCrashRenderer();
    }, opts.hangMs ?? 15_000);
  });
  webContents.on('responsive', () => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = null;
  });
  webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const delay = backoff.nextDelay(now());
    opts.onCrash?.(`${details.reason} (exit code ${details.exitCode})`, delay);
    setTimeout(() => {
      if (!webContents.isDestroyed()) webContents.reload();
    }, delay);
  });
}
