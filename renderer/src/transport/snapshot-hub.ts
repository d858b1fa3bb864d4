import type { KioskSnapshot } from '../../../common/contracts/kiosk-api';

/**
 * Fans one snapshot source out to many listeners. The source runs only while someone listens, and a
 * listener that joins late gets the latest snapshot at once rather than waiting for the next push.
 */
export function createSnapshotHub(start: (emit: (snapshot: KioskSnapshot) => void) => () => void) {
  const listeners = new Set<(snapshot: KioskSnapshot) => void>();
  let latest: KioskSnapshot | null = null;
  let stop: (() => void) | null = null;

  const emit = (snapshot: KioskSnapshot) => {
    latest = snapshot;
    for (const listener of [...listeners]) listener(snapshot);
  };

  return {
    subscribe(listener: (snapshot: KioskSnapshot) => void): () => void {
      listeners.add(listener);
      if (latest) listener(latest);
      if (!stop) stop = start(emit);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stop) {
          stop();
          stop = null;
          latest = null;
        }
      };
    },
  };
}
