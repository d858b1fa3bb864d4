import { kioskCalls, type CallOutcome, type KioskApi, type KioskCallError, type KioskCallName } from '../../common/contracts/kiosk-api';
import { describeIssues } from '../../common/validation/zod-issues';

/**
 * Validate and run one kiosk call on the core. Shared by both transport hosts (the Electron IPC
 * handlers and the localhost web host), so a renderer gets the same answer whichever way it talks.
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
  const parsed = kioskCalls[name].safeParse(args);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'bad-request',
        message:
          `Bad arguments for kiosk call "${name}": ${describeIssues(parsed.error.issues, { root: 'args' })}. ` +
          `Send the argument list kioskCalls.${name} in common/contracts/kiosk-api.ts describes.`,
      },
    };
  }
  try {
    const method = core[name] as (...callArgs: unknown[]) => Promise<unknown>;
    const value = await method.apply(core, parsed.data as unknown[]);
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
