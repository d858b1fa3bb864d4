import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Protocol } from 'electron';
import type { KioskCoreHandle } from '../../common/contracts/kiosk-api';
import { parseByteRange } from '../web-host/byte-range';
import { securityHeaders } from '../web-host/security-headers';
import { contentTypeFor, resolveStaticFile, sha256Pattern } from '../web-host/static-files';
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
  core: Pick<KioskCoreHandle, 'mediaPath' | 'mediaType'>;
}

/** shiftlearn://app/<file> from the built renderer, shiftlearn://app/media/<sha256> from the core's cache. */
export async function handleAppRequest(request: Request, opts: AppRequestOptions): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== appHost || request.method !== 'GET') return notFound();
  const media = /^\/media\/([^/]+)$/.exec(url.pathname);
  if (media) return mediaResponse(media[1], request.headers.get('range'), opts.core);
  const filePath = resolveStaticFile(opts.rendererDir, url.pathname);
  if (!filePath) return notFound();
  const isIndex = filePath.endsWith('index.html');
  return new Response(new Uint8Array(await fs.promises.readFile(filePath)), {
    status: 200,
    headers: { ...securityHeaders, 'Content-Type': contentTypeFor(filePath), 'Cache-Control': isIndex ? 'no-store' : 'no-cache' },
  });
}

function mediaResponse(sha256: string, rangeHeader: string | null, core: AppRequestOptions['core']): Response {
  const filePath = sha256Pattern.test(sha256) ? core.mediaPath(sha256) : null;
  let size: number;
  try {
    if (!filePath) return notFound();
    size = fs.statSync(filePath).size;
  } catch {
    return notFound();
  }
  const headers: Record<string, string> = {
    ...securityHeaders,
    'Content-Type': core.mediaType(sha256) ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
  const range = parseByteRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  const { start, end } = range.kind === 'partial' ? range : { start: 0, end: size - 1 };
  headers['Content-Length'] = String(Math.max(0, end - start + 1));
  if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const body = size === 0 ? null : (Readable.toWeb(fs.createReadStream(filePath, { start, end })) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status: range.kind === 'partial' ? 206 : 200, headers });
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
}
