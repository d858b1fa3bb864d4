import fs from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

export interface DashboardStaticOptions {
  /** The built renderer (`npm run build:renderer` writes dist/renderer); its dashboard.html is the page. */
  rendererDir?: string;
}

export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const defaultRendererDir = path.resolve(__dirname, '../../dist/renderer');

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin');
}

/**
 * The supervisor/admin dashboard page and its assets under /dashboard/. Encapsulated on purpose:
 * the strict CSP hook applies to these routes only, not to the API.
 */
export const dashboardStaticPlugin: FastifyPluginAsync<DashboardStaticOptions> = async (app, opts) => {
  const rendererDir = opts.rendererDir ?? defaultRendererDir;
  const page = path.join(rendererDir, 'dashboard.html');

  app.addHook('onSend', async (_req, reply) => {
    secure(reply);
  });

  app.get('/dashboard', async (req, reply) => {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    return reply.redirect(`/dashboard/${query}`, 301);
  });

  // Read per request: a rebuilt renderer is served without a restart, and the file is small.
  app.get('/dashboard/', async (_req, reply) => {
    let html: string;
    try {
      html = await fs.readFile(page, 'utf8');
    } catch {
      return reply.code(503).send({
        error: 'dashboard-not-built',
        message: `the dashboard page ${page} is missing: run "npm run build:renderer" on the server, then reload`,
      });
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });

  await app.register(fastifyStatic, {
    root: path.join(rendererDir, 'assets'),
    prefix: '/dashboard/assets/',
    decorateReply: false,
    index: false,
    // Asset names carry a content hash, so they never change under the same URL.
    immutable: true,
    maxAge: '365d',
    // Source maps stay on the server.
    allowedPath: (pathName) => !pathName.endsWith('.map'),
  });
};
