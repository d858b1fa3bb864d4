import type { FastifyInstance, FastifyRequest, RawServerDefault, FastifyBaseLogger } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditAdminAction } from '../audit/admin-actions';
import { HttpError } from '../errors';
import type { Principal } from './auth';
import { requireCsrfHeader, sessionToken } from './dashboard-session';

/** The app as route plugins see it: request parts typed from their zod schemas. */
export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** What the generated OpenAPI document says each scope needs (schemes declared in app.ts). */
const SECURITY: Record<'admin' | 'terminal', Array<Record<string, string[]>>> = {
  admin: [{ admin: [] }, { dashboardSession: [] }],
  terminal: [{ terminal: [] }],
};

/**
 * The admin guard: an admin token, or (with no Authorization header) an admin's dashboard session,
 * whose writes must then carry the CSRF header.
 */
export async function adminPrincipal(app: FastifyInstance, req: FastifyRequest): Promise<Principal & { kind: 'admin' }> {
  if (req.headers.authorization || !sessionToken(req)) {
    const principal = await app.auth.admin(req);
    req.adminActor = { type: 'admin-token', id: principal.tokenId };
    return principal;
  }
  const user = await app.dashboardUser(req);
  // Known before any refusal below, so a refused admin call is recorded under its caller.
  req.adminActor = { type: 'dashboard-user', id: user.id, email: user.email };
  if (user.role !== 'admin') throw new HttpError(403, 'admin-only', 'this endpoint is for admins: sign in with an admin account');
  requireCsrfHeader(req);
  return { kind: 'admin', tokenId: `user:${user.id}` };
}

function scope(app: ZodApp, kind: 'admin' | 'terminal', guard: (req: FastifyRequest) => Promise<Principal>, routes: (scoped: ZodApp) => void): void {
  app.register(async (scoped) => {
    if (kind === 'admin') scoped.addHook('onSend', auditAdminAction(app));
    scoped.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, tags: [kind], security: SECURITY[kind] };
    });
    scoped.addHook('onRequest', async (req) => {
      req.principal = await guard(req);
    });
    routes(scoped);
  });
}

/** Routes in a child scope where every request must come from an admin (token or session). */
export function adminRoutes(app: ZodApp, routes: (admin: ZodApp) => void): void {
  scope(app, 'admin', (req) => adminPrincipal(app, req), routes);
}

/** Routes in a child scope where every request must carry a valid, unrevoked terminal credential. */
export function terminalRoutes(app: ZodApp, routes: (terminal: ZodApp) => void): void {
  scope(app, 'terminal', (req) => app.auth.terminal(req), routes);
}
