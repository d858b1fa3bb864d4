import type { KioskApi, KioskCallName } from '../../../common/contracts/kiosk-api';

/**
 * The call names as a literal list, so the renderer bundle does not pull in zod and the argument
 * schemas just to know the names (the hosts validate arguments). A unit test keeps it equal to
 * the keys of kioskCalls.
 */
export const kioskCallNames = [
  'getSnapshot',
  'tapBadge',
  'reportActivity',
  'signOut',
  'startLesson',
  'saveProgress',
  'recordAnswer',
  'completeLesson',
  'startReview',
  'completeReview',
  'logEvent',
  'verifyPin',
  'getStationBoard',
  'getWorkerDetail',
  'openDiagnostics',
  'getDiagnostics',
  'exitKiosk',
] as const satisfies readonly KioskCallName[];

/** A KioskApi whose every method sends its name and argument list through `call`. */
export function apiFromCall(call: (name: KioskCallName, args: unknown[]) => Promise<unknown>): KioskApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of kioskCallNames) api[name] = (...args: unknown[]) => call(name, args);
  return api as unknown as KioskApi;
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
