import type { KioskApi, KioskCoreHandle, KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { KioskCoreError } from '../kiosk-core-error';
import { StoreOpenError } from '../store/store-open-error';
import { kioskCallNames } from './validated-api';

/**
 * The handle of a core that could not start (its store did not open): it shows the error on the
 * snapshot and refuses every other call, without retrying in a loop.
 */
export function unavailableCore(base: KioskSnapshot, err: unknown): KioskCoreHandle {
  const error =
    err instanceof StoreOpenError
      ? { title: err.title, detail: err.detail, fix: err.fix }
      : {
          title: 'The kiosk could not start',
          detail: err instanceof Error ? err.message : String(err),
          fix: 'Restart the kiosk; if this keeps happening, send the kiosk log and this message to site IT.',
        };
  const snapshot: KioskSnapshot = { ...base, status: 'error', error };
  const refuse = async () => {
    throw new KioskCoreError('unavailable', `${error.title}. ${error.fix}`);
  };
  const refusals = Object.fromEntries(kioskCallNames.map((name) => [name, refuse])) as unknown as KioskApi;
  return {
    ...refusals,
    getSnapshot: async () => snapshot,
    onSnapshot: () => () => undefined,
    mediaPath: () => null,
    mediaType: () => null,
    close: async () => undefined,
  };
}
