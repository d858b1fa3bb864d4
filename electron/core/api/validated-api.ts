import type { z } from 'zod';
import { kioskCalls, type KioskApi, type KioskCallName } from '../../../common/contracts/kiosk-api';
import { describeIssues } from '../../../common/validation/zod-issues';
import { KioskCoreError } from '../kiosk-core-error';

type Args<K extends KioskCallName> = z.infer<(typeof kioskCalls)[K]>;

/** What the core does for each call, given arguments the contract has already checked. */
export type KioskCallHandlers = {
  [K in KioskCallName]: (...args: Args<K>) => ReturnType<KioskApi[K]> | Awaited<ReturnType<KioskApi[K]>>;
};

export const kioskCallNames = Object.keys(kioskCalls) as KioskCallName[];

/**
 * The KioskApi over `handlers`, and the one place a call's arguments are checked against the contract
 * whichever transport carried them (the transports only check the call name). A refusal goes to
 * `onInvalid` (the event log) by call name and issue, never with the offending data.
 */
export function validatedApi(handlers: KioskCallHandlers, onInvalid: (name: KioskCallName, issues: string) => void = () => {}): KioskApi {
  const api: Record<string, (...raw: unknown[]) => Promise<unknown>> = {};
  for (const name of kioskCallNames) {
    const handler = handlers[name] as (...args: unknown[]) => unknown;
    api[name] = async (...raw) => {
      const parsed = kioskCalls[name].safeParse(raw);
      if (!parsed.success) {
        const issues = describeIssues(parsed.error.issues, { root: 'args' });
        onInvalid(name, issues);
        throw new KioskCoreError(
          'bad-request',
          `Bad arguments for kiosk call "${name}": ${issues}. Fix: send the argument list kioskCalls.${name} in common/contracts/kiosk-api.ts describes.`,
        );
      }
      return handler(...(parsed.data as unknown[]));
    };
  }
  return api as unknown as KioskApi;
}
