import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Protocol } from 'electron';
import { mediaResponse, type MediaCache } from '../transport/media-response';
import { securityHeaders } from '../transport/security-headers';
import { contentTypeFor, resolveStaticFile } from '../transport/static-files';
import { appHost, appScheme } from './app-origin';

/** Must run before the app is ready: makes shiftlearn:// a secure, standard origin that can stream media. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveAppProtocol(protocol: Protocol, opts: AppRequestOptions): void {
  protocol.handle(appScheme, (request) => handleAppRequest(request, opts));
}

export interface AppRequestOptions {
  rendererDir: string;
  core: MediaCache;
}

/** shiftlearn://app/<file> from the built renderer, shiftlearn://app/media/<sha256> from the core's cache. */
export async function handleAppRequest(request: Request, opts: AppRequestOptions): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== appHost || request.method !== 'GET') return notFound();
  const media = /^\/media\/([^/]+)$/.exec(url.pathname);
  if (media) return mediaReply(media[1], request.headers.get('range'), opts.core);
  const filePath = resolveStaticFile(opts.rendererDir, url.pathname);
  if (!filePath) return notFound();
  const isIndex = filePath.endsWith('index.html');
  return new Response(new Uint8Array(await fs.promises.readFile(filePath)), {
    status: 200,
    headers: { ...securityHeaders, 'Content-Type': contentTypeFor(filePath), 'Cache-Control': isIndex ? 'no-store' : 'no-cache' },
  });
}

function mediaReply(sha256: string, rangeHeader: string | null, cache: MediaCache): Response {
  const reply = mediaResponse(sha256, rangeHeader, cache);
  if ('error' in reply) return new Response(reply.error, { status: reply.status, headers: { ...securityHeaders, ...reply.headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  const body = reply.body && (Readable.toWeb(fs.createReadStream(reply.body.path, { start: reply.body.start, end: reply.body.end })) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status: reply.status, headers: { ...securityHeaders, ...reply.headers } });
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
}
