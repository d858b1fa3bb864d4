import type { KioskCallError, KioskCallName, KioskSnapshot } from '../../../common/contracts/kiosk-api';

/**
 * What the Electron preload exposes as `window.shiftlearn` (types only: the sandboxed preload may not
 * import modules at run time, so it declares the same shapes against these).
 * Calls resolve to an envelope rather than rejecting because Electron rewrites the message of an
 * error thrown across IPC; the envelope keeps the KioskCallError intact.
 */
export type BridgeReply = { ok: true; value: unknown } | { ok: false; error: KioskCallError };

export interface ShiftlearnBridge {
  call(name: KioskCallName, args: unknown[]): Promise<BridgeReply>;
  onSnapshot(listener: (snapshot: KioskSnapshot) => void): () => void;
}
