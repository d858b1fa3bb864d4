import type { Db } from '../db/db';
import { HttpError } from '../errors';

/**
 * How an admin command reaches the server: every command is one or more calls to the admin HTTP API,
 * sent either to a running server (fetch) or to the same routes built in this process over the
 * database (inject). So the CLI and the HTTP API cannot drift apart, and nothing needs the server stopped.
 */

export interface AdminResponse {
  status: number;
  body: unknown;
}

export interface AdminClient {
  /** Where the calls go, for the one line that tells site IT ("via the server at ..."). */
  readonly via: string;
  /** The database, when the routes run in this process (export streams from it to local files). */
  readonly db: Db | null;
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<AdminResponse>;
  /** A GET whose answer is streamed (exports); only through a server, in-process uses `db`. */
  stream(path: string): Promise<Response>;
  close(): Promise<void>;
}

/** The answer's body, or the server's refusal as an HttpError with its code and message. */
export async function call<T>(client: AdminClient, method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
  return ok<T>(await client.request(method, path, body, contentType));
}

export function ok<T>(res: AdminResponse): T {
  if (res.status < 400) return res.body as T;
  const b = (res.body ?? {}) as { error?: unknown; message?: unknown };
  throw new HttpError(res.status, typeof b.error === 'string' ? b.error : 'http-error', typeof b.message === 'string' ? b.message : `the server answered ${res.status}`);
}

function encode(body: unknown, contentType: string | undefined): { payload: string | undefined; type: string | undefined } {
  if (body === undefined) return { payload: undefined, type: undefined };
  if (typeof body === 'string') return { payload: body, type: contentType ?? 'text/plain' };
  return { payload: JSON.stringify(body), type: 'application/json' };
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return text;
  }
}

export function httpClient(baseUrl: string, token: string, doFetch: typeof fetch = fetch): AdminClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    via: `the server at ${base}`,
    db: null,
    async request(method, path, body, contentType) {
      const { payload, type } = encode(body, contentType);
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) }, body: payload });
      } catch (err) {
        throw new HttpError(503, 'server-unreachable', `cannot reach the server at ${base} (${(err as Error).message}): check --server and that the server runs`);
      }
      return { status: res.status, body: parse(await res.text()) };
    },
    stream: (path) => doFetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }),
    close: async () => undefined,
  };
}

/**
 * The admin routes in this process over `db`, authorised by an admin token made for this one run
 * and deleted afterwards (its secret never leaves the process).
 */
export async function inProcessClient(db: Db, serverUrl: string): Promise<AdminClient> {
  // Loaded here: Fastify and the routes are only needed when a command runs without a server.
  const [{ buildApp }, { createAdminToken }] = await Promise.all([import('../app'), import('../admin')]);
  const app = await buildApp({ db, serverUrl, openApi: false });
  const { id, token } = await createAdminToken(db, 'CLI run (deleted when it ends)');
  return {
    via: 'the database directly',
    db,
    async request(method, path, body, contentType) {
      const { payload, type } = encode(body, contentType);
      const res = await app.inject({
        method: method as 'GET',
        url: path,
        payload,
        headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) },
      });
      return { status: res.statusCode, body: parse(res.body) };
    },
    stream: () => Promise.reject(new Error('in-process commands read the database directly')),
    async close() {
      await db.query('DELETE FROM admin_tokens WHERE id = $1', [id]);
      await app.close();
    },
  };
}
