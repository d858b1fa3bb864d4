import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { KioskCallError, KioskCoreHandle, KioskSnapshot } from '../../common/contracts/kiosk-api';
import { dispatchKioskCall } from '../transport/dispatch';
import { createStreamTickets } from './stream-tickets';
import { securityHeaders } from '../transport/security-headers';
import { contentTypeFor, resolveStaticFile } from '../transport/static-files';
import { mediaResponse } from '../transport/media-response';

/**
 * The localhost web host: the renderer and the kiosk core over HTTP + Server-Sent Events, for a
 * Chromium kiosk session, development and end-to-end tests. Bound to 127.0.0.1 only; every request
 * must name this host and port exactly in its Host header (so a DNS-rebinding page cannot reach it)
 * and every API request must carry the per-launch token that only the served index.html contains.
 */

export interface WebHostOptions {
  core: KioskCoreHandle;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Per-launch API token; a random one when omitted. */
  token?: string;
  /** Clock for stream ticket expiry (a test seam). */
  now?: () => number;
}

export interface WebHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const tokenHeader = 'x-shiftlearn-token';
const maxBodyBytes = 1024 * 1024;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const eventStreams = new Set<http.ServerResponse>();
  const streamTickets = createStreamTickets({ now: options.now });
  let port = 0;

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, { code: 'internal', message: err instanceof Error ? err.message : 'Unexpected error' });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, port)) {
      sendError(res, 403, { code: 'bad-request', message: 'Forbidden host. Open the kiosk at http://127.0.0.1:' + port + '/' });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      res.setHeader('Cache-Control', 'no-store');
      await handleApi(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, 405, { code: 'bad-request', message: `${req.method} is not allowed here; use GET.` });
      return;
    }
    const media = /^\/media\/([^/]+)$/.exec(url.pathname);
    if (media) {
      serveMedia(req, res, media[1]);
      return;
    }
    serveStatic(req, res, url.pathname);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') {
        res.setHeader('Allow', 'GET');
        sendError(res, 405, { code: 'bad-request', message: 'Subscribe to /api/events with GET.' });
        return;
      }
      // The page's EventSource presents a one-time ticket; other clients may send the token header.
      if (!streamTickets.redeem(url.searchParams.get('ticket')) && !tokenMatches(headerValue(req.headers[tokenHeader]), token)) {
        sendError(res, 403, forbiddenStream);
        return;
      }
      await streamSnapshots(res);
      return;
    }
    if (!tokenMatches(headerValue(req.headers[tokenHeader]), token)) {
      sendError(res, 403, forbiddenToken);
      return;
    }
    if (url.pathname === '/api/events/ticket') {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendError(res, 405, { code: 'bad-request', message: 'Ask for a stream ticket with POST.' });
        return;
      }
      sendJson(res, 200, { ticket: streamTickets.issue() });
      return;
    }
    const call = /^\/api\/call\/([^/]+)$/.exec(url.pathname);
    if (!call) {
      sendError(res, 404, { code: 'not-found', message: `No API endpoint ${url.pathname}. Use POST /api/call/<name>, POST /api/events/ticket, or GET /api/events?ticket=<ticket>.` });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendError(res, 405, { code: 'bad-request', message: 'Kiosk calls are POST requests with a JSON body {"args": [...]}.' });
      return;
    }
    const body = await readJsonBody(req);
    if (!body.ok) {
      sendError(res, body.status, body.error);
      return;
    }
    const outcome = await dispatchKioskCall(options.core, safeDecode(call[1]), body.args);
    if (outcome.ok) sendJson(res, 200, { result: outcome.value });
    else sendError(res, statusFor(outcome.error), outcome.error);
  }

  async function streamSnapshots(res: http.ServerResponse): Promise<void> {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    // Tell EventSource to come back quickly if the connection drops (the host restarting, say).
    res.write('retry: 1000\n\n');
    eventStreams.add(res);
    let pushed = false;
    const send = (snapshot: KioskSnapshot) => res.write(`data: ${JSON.stringify(snapshot)}\n\n`);
    // Subscribe before asking for the current snapshot so no push falls between the two.
    const unsubscribe = options.core.onSnapshot((snapshot) => {
      pushed = true;
      send(snapshot);
    });
    res.on('close', () => {
      unsubscribe();
      eventStreams.delete(res);
    });
    const current = await options.core.getSnapshot();
    if (!pushed && !res.writableEnded) send(current);
  }

  function serveMedia(req: http.IncomingMessage, res: http.ServerResponse, sha256: string): void {
    const reply = mediaResponse(sha256, headerValue(req.headers.range), options.core);
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    if ('error' in reply) {
      sendError(res, reply.status, { code: reply.status === 404 ? 'not-found' : 'bad-request', message: reply.error });
      return;
    }
    res.statusCode = reply.status;
    streamFile(req, res, reply.body);
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): void {
    const filePath = resolveStaticFile(rendererDir, urlPath);
    if (!filePath) {
      sendError(res, 404, { code: 'not-found', message: `Not found: ${urlPath}` });
      return;
    }
    res.setHeader('Content-Type', contentTypeFor(filePath));
    if (path.basename(filePath) === 'index.html' && path.dirname(filePath) === realDir(rendererDir)) {
      const html = injectTokenMeta(fs.readFileSync(filePath, 'utf8'), token);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Length', String(Buffer.byteLength(html)));
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Length', String(fs.statSync(filePath).size));
    streamFile(req, res, { path: filePath });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stream of eventStreams) stream.end();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const forbiddenStream: KioskCallError = {
  code: 'bad-request',
  message: 'Missing, used or expired stream ticket. Ask for a new one with POST /api/events/ticket (with the kiosk token header), then subscribe within 30 seconds.',
};

const forbiddenToken: KioskCallError = {
  code: 'bad-request',
  message: 'Missing or wrong kiosk token. Reload the kiosk page served by this host to get the current one.',
};

export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function injectTokenMeta(html: string, token: string): string {
  const meta = `<meta name="shiftlearn-token" content="${escapeAttribute(token)}">`;
  if (/<\/head>/i.test(html)) return html.replace(/<\/head>/i, (end) => `  ${meta}\n  ${end}`);
  return meta + html;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function statusFor(error: KioskCallError): number {
  switch (error.code) {
    case 'bad-request':
      return 400;
    case 'not-found':
      return 404;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}

type BodyResult = { ok: true; args: unknown } | { ok: false; status: number; error: KioskCallError };

async function readJsonBody(req: http.IncomingMessage): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBodyBytes) {
      return { ok: false, status: 413, error: { code: 'bad-request', message: `Request body over ${maxBodyBytes} bytes.` } };
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  // A call without arguments may come without a body.
  if (text === '') return { ok: true, args: [] };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: { code: 'bad-request', message: 'Request body is not JSON. Send {"args": [...]}.' } };
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { args?: unknown }).args)) {
    return { ok: false, status: 400, error: { code: 'bad-request', message: 'Request body must be {"args": [...]} with args an array.' } };
  }
  return { ok: true, args: (body as { args: unknown[] }).args };
}

/** Sends the file, or the bytes start..end of it; nothing for HEAD or an empty body. */
function streamFile(req: http.IncomingMessage, res: http.ServerResponse, file: { path: string; start?: number; end?: number } | null): void {
  if (req.method === 'HEAD' || file === null) {
    res.end();
    return;
  }
  const stream = fs.createReadStream(file.path, { start: file.start, end: file.end });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, error: KioskCallError): void {
  res.setHeader('Cache-Control', 'no-store');
  sendJson(res, status, error);
}

function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/** A malformed %-escape is just an unknown name, not a server error. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
