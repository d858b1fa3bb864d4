import type { KioskApi, KioskCallName } from '../../../common/contracts/kiosk-api';

/**
 * A KioskApi whose every method sends its name and argument list through `call`. The names are not
 * listed here: the host checks them against the contract (kioskCalls) and answers an unknown one
 * with a not-found error, so the renderer bundle needs neither zod nor a copy of the list.
 */
export function apiFromCall(call: (name: KioskCallName, args: unknown[]) => Promise<unknown>): KioskApi {
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as KioskApi, {
    get(_target, name) {
      // `then` must stay undefined, or awaiting the api object would treat it as a promise.
      if (typeof name !== 'string' || name === 'then') return undefined;
      let method = methods.get(name);
      if (!method) {
        method = (...args: unknown[]) => call(name as KioskCallName, args);
        methods.set(name, method);
      }
      return method;
    },
  });
}

/** An Error carrying the KioskCallError code, so callers can tell "unavailable" from a bug. */
export class KioskCallFailed extends Error {
  constructor(
    message: string,
    readonly code: 'bad-request' | 'not-found' | 'unavailable' | 'internal',
  ) {
    super(message);
    this.name = 'KioskCallFailed';
  }
}
