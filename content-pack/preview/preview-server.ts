import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { z } from 'zod';
import { PreviewLibrary } from './preview-library';

/**
 * `npm run content -- preview DIR`: the lessons of a content folder in the kiosk's own lesson player
 * (the built renderer's preview pages: same components, sanitiser and media rules), on 127.0.0.1 only.
 * The folder is watched; every change recompiles it with the build's checks and tells open pages to
 * reload, with the problems of the lesson on screen.
 */

export interface PreviewOptions {
  dir: string;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (dist/renderer), which holds preview.html and preview-frame.html. */
  rendererDir: string;
  /** Quiet time after the last file change before recompiling (editors write in bursts). */
  debounceMs?: number;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

// The preview page frames the player page (same origin only); nothing else may frame either.
const SECURITY_HEADERS = {
  'content-security-policy': [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "media-src 'self'", "connect-src 'self'",
    "object-src 'none'", "frame-src 'self'", "frame-ancestors 'self'", "base-uri 'none'", "form-action 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'SAMEORIGIN',
  'cache-control': 'no-store',
};

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'preview.html'))) {
    throw new Error(`${rendererDir}/preview.html does not exist. Fix: npm run build:renderer`);
  }
  const library = new PreviewLibrary(options.dir);
  const streams = new Set<ServerResponse>();
  const app = Fastify({ logger: false });
  let port = 0;

  app.addHook('onRequest', async (req, reply) => {
    // A page on another site resolving its name to 127.0.0.1 (DNS rebinding) must not read drafts.
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return reply.code(403).send({ message: `Forbidden host. Open http://127.0.0.1:${port}/` });
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
  });

  await app.register(fastifyStatic, { root: rendererDir, index: false, wildcard: true, cacheControl: false });
  app.get('/', (_req, reply) => reply.sendFile('preview.html'));
  app.get('/preview/state', async () => library.state());
  app.get('/preview/lesson', async (req) => {
    const q = z.object({ id: z.string().min(1), language: z.string().min(1) }).parse(req.query);
    return library.lesson(q.id, q.language);
  });
  app.get('/preview/media/:sha256', async (req, reply) => {
    const { sha256 } = z.object({ sha256: z.string() }).parse(req.params);
    const media = library.mediaFile(sha256);
    if (!media) return reply.code(404).send({ message: `no media ${sha256} in this content folder` });
    return reply.type(media.mimeType).send(media.bytes);
  });
  app.get('/preview/events', (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    reply.raw.write(`retry: 1000\n\ndata: ${library.state().version}\n\n`);
    streams.add(reply.raw);
    req.raw.on('close', () => streams.delete(reply.raw));
  });

  let timer: NodeJS.Timeout | null = null;
  const watcher = fs.watch(options.dir, { recursive: true }, () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!library.refresh()) return;
      for (const s of streams) s.write(`data: ${library.state().version}\n\n`);
    }, options.debounceMs ?? 150);
  });

  await app.listen({ port: options.port, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      watcher.close();
      if (timer) clearTimeout(timer);
      for (const s of streams) s.end();
      await app.close();
    },
  };
}
