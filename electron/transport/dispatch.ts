import { kioskCalls, type CallOutcome, type KioskApi, type KioskCallError, type KioskCallName } from '../../common/contracts/kiosk-api';

/**
 * Run one kiosk call on the core. Shared by both transport hosts (the Electron IPC handlers and the
 * localhost web host), so a renderer gets the same answer whichever way it talks. Only the name and
 * the shape of the argument list are checked here; the core checks the arguments themselves against
 * the contract (electron/core/api/validated-api.ts), once, whoever calls it.
 */

export function isKioskCallName(name: unknown): name is KioskCallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(kioskCalls, name);
}

/** `name` comes straight from the renderer (the preload forwards any), so it is checked here. */
export async function dispatchKioskCall(core: KioskApi, name: unknown, args: unknown): Promise<CallOutcome> {
  if (!isKioskCallName(name)) {
    return {
      ok: false,
      error: {
        code: 'not-found',
        message: `Unknown kiosk call ${typeof name === 'string' ? `"${name}"` : `(a ${typeof name})`}. Use one of: ${Object.keys(kioskCalls).join(', ')}.`,
      },
    };
  }
  if (!Array.isArray(args)) {
    return { ok: false, error: { code: 'bad-request', message: `Kiosk call "${name}" takes its arguments as a list: send [] for none.` } };
  }
  try {
    const method = core[name] as (...callArgs: unknown[]) => Promise<unknown>;
    const value = await method.apply(core, args);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toKioskCallError(err) };
  }
}

const errorCodes: ReadonlySet<string> = new Set<KioskCallError['code']>(['bad-request', 'not-found', 'unavailable', 'internal']);

/** The core may throw errors carrying a KioskCallError code; anything else is an internal error. */
export function toKioskCallError(err: unknown): KioskCallError {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'Unexpected error in the kiosk core';
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && errorCodes.has(code)) return { code: code as KioskCallError['code'], message };
  return { code: 'internal', message };
}
