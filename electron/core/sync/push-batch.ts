import type { OutboxItem } from './outbox-repo';
import { ServerRefusal } from './sync-errors';

export interface PushPort {
  /** Resolves when the server acknowledged every statement (2xx); throws NetworkError/ServerRefusal otherwise. */
  send(items: OutboxItem[]): Promise<void>;
  acknowledge(statementIds: string[]): void;
  quarantine(statementId: string, reason: string): void;
}

export interface PushResult {
  acknowledged: number;
  quarantined: number;
}

/** Refusals about the content of the statements sent (not about the terminal or the server's health). */
function aboutStatements(err: unknown): err is ServerRefusal {
  if (!(err instanceof ServerRefusal)) return false;
  if (err.status === 400) return err.error !== 'xapi-version-missing';
  if (err.status === 403) return err.error === 'wrong-site';
  return err.status === 409 || err.status === 413;
}

/**
 * Sends one batch. The server stores a batch all or nothing, so one bad statement refuses all of
 * them: a 409 names the conflicting ids, which are quarantined and the rest sent again; any other
 * statement-level refusal is narrowed down by halving until the bad statement is alone (about
 * 2·log2(n) requests instead of n), and only that one is quarantined. Anything else (network, 5xx,
 * credential) is thrown with nothing acknowledged, for the caller to retry later.
 */
export async function pushBatch(items: OutboxItem[], port: PushPort): Promise<PushResult> {
  if (items.length === 0) return { acknowledged: 0, quarantined: 0 };
  try {
    await port.send(items);
    port.acknowledge(items.map((i) => i.statementId));
    return { acknowledged: items.length, quarantined: 0 };
  } catch (err) {
    if (!aboutStatements(err)) throw err;
    const named = new Set(err.statementIds.map((id) => id.toLowerCase()));
    const conflicting = err.status === 409 ? items.filter((i) => named.has(i.statementId.toLowerCase())) : [];
    if (conflicting.length > 0) {
      for (const i of conflicting) port.quarantine(i.statementId, err.message);
      const rest = await pushBatch(items.filter((i) => !named.has(i.statementId.toLowerCase())), port);
      return { acknowledged: rest.acknowledged, quarantined: rest.quarantined + conflicting.length };
    }
    if (items.length === 1) {
      port.quarantine(items[0].statementId, err.message);
      return { acknowledged: 0, quarantined: 1 };
    }
    const middle = Math.ceil(items.length / 2);
    const first = await pushBatch(items.slice(0, middle), port);
    const second = await pushBatch(items.slice(middle), port);
    return { acknowledged: first.acknowledged + second.acknowledged, quarantined: first.quarantined + second.quarantined };
  }
}
