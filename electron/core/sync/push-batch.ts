import { STATEMENT_REFUSAL_CODES } from '../../../common/contracts/sync';
import type { OutboxItem } from './outbox-repo';
import { ServerRefusal } from './sync-errors';

export interface PushPort {
  /** Resolves when the server acknowledged every statement (2xx); throws NetworkError/ServerRefusal otherwise. */
  send(items: OutboxItem[]): Promise<void>;
  acknowledge(statementIds: string[]): void;
  /** The server refused this statement's content: keep it aside for site IT (reversible). */
  quarantine(statementId: string, reason: string): void;
  /** This statement alone keeps failing for a reason that may pass: retry it later on its own schedule. */
  defer(statementId: string, reason: string): void;
  /** Cheap check that the server and its database answer (GET /healthz). */
  serverHealthy(): Promise<boolean>;
}

export interface PushResult {
  acknowledged: number;
  quarantined: number;
  deferred: number;
}

/**
 * What a failed upload means for the statements in it:
 * - 'content': this server refused a statement's own content in its JSON answer -> quarantine;
 * - 'too-large': 413, from the server or a proxy on the way -> split the batch;
 * - 'server-error': a 5xx -> if the server is healthy, a statement in the batch is at fault: split;
 * - 'other': network, proxies, the terminal's credential, unknown answers -> retry the whole batch later.
 */
export type UploadFailure = 'content' | 'too-large' | 'server-error' | 'other';

export function classifyUploadFailure(err: unknown): UploadFailure {
  if (!(err instanceof ServerRefusal)) return 'other';
  if (err.status === 413) return 'too-large';
  if (err.status >= 500) return 'server-error';
  if (err.fromServer && err.status >= 400 && STATEMENT_REFUSAL_CODES.includes(err.error)) return 'content';
  return 'other';
}

const EMPTY: PushResult = { acknowledged: 0, quarantined: 0, deferred: 0 };
const add = (a: PushResult, b: PushResult): PushResult => ({
  acknowledged: a.acknowledged + b.acknowledged,
  quarantined: a.quarantined + b.quarantined,
  deferred: a.deferred + b.deferred,
});

/**
 * Sends one batch. The server stores a batch all or nothing, so one bad statement fails all of
 * them: a 409 names the conflicting ids, which are quarantined and the rest sent again; any other
 * failure that points at a statement (a content refusal, a 413, a 5xx while /healthz is fine) is
 * narrowed down by halving until the statement is alone (about 2·log2(n) requests instead of n):
 * quarantined for a content refusal, deferred (own backoff) otherwise, so the rest drains past it.
 * Anything else is thrown with nothing acknowledged, for the caller to retry the batch later.
 */
export async function pushBatch(items: OutboxItem[], port: PushPort, health: { checked?: boolean } = {}): Promise<PushResult> {
  if (items.length === 0) return EMPTY;
  try {
    await port.send(items);
    port.acknowledge(items.map((i) => i.statementId));
    return { ...EMPTY, acknowledged: items.length };
  } catch (err) {
    const failure = classifyUploadFailure(err);
    if (failure === 'other') throw err;
    if (failure === 'server-error' && !health.checked) {
      // a 5xx while /healthz fails is the server's own trouble (restarting, database gone): retry all later
      if (!(await port.serverHealthy())) throw err;
      health.checked = true;
    }
    const refusal = err as ServerRefusal;
    if (failure === 'content' && refusal.status === 409) {
      const named = new Set(refusal.statementIds.map((id) => id.toLowerCase()));
      const conflicting = items.filter((i) => named.has(i.statementId.toLowerCase()));
      if (conflicting.length > 0) {
        for (const i of conflicting) port.quarantine(i.statementId, refusal.message);
        const rest = await pushBatch(items.filter((i) => !named.has(i.statementId.toLowerCase())), port, health);
        return add(rest, { ...EMPTY, quarantined: conflicting.length });
      }
    }
    if (items.length === 1) {
      if (failure === 'content') {
        port.quarantine(items[0].statementId, refusal.message);
        return { ...EMPTY, quarantined: 1 };
      }
      port.defer(items[0].statementId, refusal.message);
      return { ...EMPTY, deferred: 1 };
    }
    const middle = Math.ceil(items.length / 2);
    const first = await pushBatch(items.slice(0, middle), port, health);
    const second = await pushBatch(items.slice(middle), port, health);
    return add(first, second);
  }
}
