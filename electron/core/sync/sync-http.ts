import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { apiError, enrollResponse, pullResponse, statementConflict, type EnrollRequest, type EnrollResponse, type PullResponse, type TerminalStatusReport } from '../../../common/contracts/sync';
import type { TerminalSecurityEvent } from '../../../common/contracts/security-events';
import { BadResponse, NetworkError, ServerRefusal } from './sync-errors';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface SyncHttpOptions {
  serverUrl: string;
  /** Injectable so tests can cut a connection at a chosen moment; global fetch otherwise. */
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface TerminalAuth {
  terminalId: string;
  credential: string;
}

const XAPI_VERSION = '1.0.3';
const statementIds = z.array(z.string());

/**
 * The terminal's side of the server API (common/contracts/sync.ts). Every answer is validated;
 * every failure becomes NetworkError, ServerRefusal or BadResponse. The credential goes only into
 * the Authorization header, never into an error message.
 */
export class SyncHttp {
  private readonly base: string;
  private readonly fetchFn: FetchLike;
  private readonly timeoutMs: number;

  constructor(opts: SyncHttpOptions) {
    this.base = opts.serverUrl.replace(/\/+$/, '');
    this.fetchFn = opts.fetch ?? ((url, init) => fetch(url, init));
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  async enroll(request: EnrollRequest): Promise<EnrollResponse> {
    const res = await this.send('/api/v1/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    return parseBody(enrollResponse, await this.json(res), 'enrollment');
  }

  async pull(auth: TerminalAuth, cursor: number, limit: number): Promise<PullResponse> {
    const res = await this.send(`/api/v1/sync/pull?cursor=${cursor}&limit=${limit}`, { headers: authHeader(auth) });
    return parseBody(pullResponse, await this.json(res), 'pull');
  }

  /** The cheap liveness probe: true when the server (and its database) answers /healthz with 2xx. */
  async healthy(): Promise<boolean> {
    try {
      const res = await this.fetchFn(`${this.base}/healthz`, { signal: AbortSignal.timeout(Math.min(this.timeoutMs, 5_000)) });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** The terminal's fleet status for the admins' view; resolves when the server kept it. */
  async reportStatus(auth: TerminalAuth, report: TerminalStatusReport): Promise<void> {
    const res = await this.send('/api/v1/sync/status', { method: 'POST', headers: { ...authHeader(auth), 'content-type': 'application/json' }, body: JSON.stringify(report) });
    await res.body?.cancel();
  }

  /** The terminal's queued security events; resolves when the server stored them. */
  async postSecurityEvents(auth: TerminalAuth, events: TerminalSecurityEvent[]): Promise<void> {
    const res = await this.send('/api/v1/terminal/events', { method: 'POST', headers: { ...authHeader(auth), 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    await res.body?.cancel();
  }

  /** Posts already-serialised statements as one JSON array; resolves when the server acknowledged all of them. */
  async postStatements(auth: TerminalAuth, statementsJson: string[]): Promise<void> {
    const res = await this.send('/xapi/statements', {
      method: 'POST',
      headers: { ...authHeader(auth), 'content-type': 'application/json', 'x-experience-api-version': XAPI_VERSION },
      body: `[${statementsJson.join(',')}]`,
    });
    const ids = parseBody(statementIds, await this.json(res), 'statements');
    if (ids.length !== statementsJson.length) throw new BadResponse(`the server acknowledged ${ids.length} of ${statementsJson.length} statements`);
  }

  /**
   * Streams one media file into `tempFile`, hashing as it goes, and flushes it to disk. The caller
   * compares the hash and renames; nothing here touches the final cache path.
   */
  async downloadMedia(auth: TerminalAuth, sha256: string, tempFile: string): Promise<{ sha256: string; size: number; contentType: string }> {
    const res = await this.send(`/api/v1/media/${sha256}`, { headers: authHeader(auth) });
    if (!res.body) throw new BadResponse(`media ${sha256} came without a body`);
    const hash = crypto.createHash('sha256');
    let size = 0;
    const file = await fs.promises.open(tempFile, 'w');
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.length;
        await file.write(chunk);
      }
      await file.sync();
    } catch (err) {
      throw err instanceof NetworkError ? err : new NetworkError(`media ${sha256} download broke off: ${(err as Error).message}`, { cause: err });
    } finally {
      await file.close();
    }
    return { sha256: hash.digest('hex'), size, contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new NetworkError(`cannot reach the server at ${this.base}${cause ? ` (${cause})` : ''}`, { cause: err });
    }
    if (res.ok) return res;
    const body = await res.text().catch(() => '');
    throw refusal(res.status, body);
  }

  private async json(res: Response): Promise<unknown> {
    try {
      return await res.json();
    } catch (err) {
      throw new NetworkError(`the server's answer broke off: ${(err as Error).message}`, { cause: err });
    }
  }
}

function authHeader(auth: TerminalAuth): Record<string, string> {
  return { authorization: `Bearer ${auth.terminalId}.${auth.credential}` };
}

function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw new BadResponse(`the server's ${what} answer is not what this kiosk expects (${r.error.issues[0]?.message}): check that config.server.url points at a Shiftlearn server of a matching version`);
  return r.data;
}

function refusal(status: number, text: string): ServerRefusal {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: a proxy or a different server answered
  }
  const conflict = statementConflict.safeParse(body);
  if (conflict.success) return new ServerRefusal(status, conflict.data.error, conflict.data.message, conflict.data.statementIds);
  const err = apiError.safeParse(body);
  if (err.success) return new ServerRefusal(status, err.data.error, err.data.message);
  return new ServerRefusal(status, `http-${status}`, `the server answered HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`, [], false);
}
