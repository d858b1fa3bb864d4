import type { KioskApi } from '../../../common/contracts/kiosk-api';

/** Touches and keys postpone idle sign-out; the core only needs hearing about it now and then. */
export const ACTIVITY_REPORT_INTERVAL_MS = 5000;

/** True when activity at `nowMs` should be reported, given the last report time (null: never). */
export function activityDue(lastReportedMs: number | null, nowMs: number, intervalMs = ACTIVITY_REPORT_INTERVAL_MS): boolean {
  return lastReportedMs === null || nowMs - lastReportedMs >= intervalMs;
}

/** Reports pointer and key activity to the core, at most once per interval. Returns a detach function. */
export function watchActivity(target: Window, api: Pick<KioskApi, 'reportActivity'>, now: () => number = Date.now): () => void {
  let last: number | null = null;
  const onActivity = () => {
    const at = now();
    if (!activityDue(last, at)) return;
    last = at;
    // Losing one activity ping only risks an early idle sign-out; the next touch reports again.
    api.reportActivity().catch(() => {
      last = null;
    });
  };
  target.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
  target.addEventListener('keydown', onActivity, { capture: true, passive: true });
  return () => {
    target.removeEventListener('pointerdown', onActivity, { capture: true });
    target.removeEventListener('keydown', onActivity, { capture: true });
  };
}
