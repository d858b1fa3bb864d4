import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loginRequest, type MeResponse, type SessionResponse } from '../../common/contracts/dashboard';
import { sitesInScope } from '../dashboard/scope';
import { login, logout, SESSION_COOKIE, SESSION_LIFETIME_MS, sessionUser } from '../dashboard/sessions';
import { anyActiveUser, type DashboardUser } from '../dashboard/users';
import { HttpError } from '../errors';
import { getSettings } from '../settings/settings';

declare module 'fastify' {
  interface FastifyInstance {
    /** The signed-in dashboard user of this request's `sl_session` cookie; 401 without one. */
    dashboardUser(req: FastifyRequest): Promise<DashboardUser>;
  }
}

export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'shiftlearn';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Secure when the browser reached us over https, directly or through a TLS-terminating proxy that
 * says so. Trusting X-Forwarded-Proto here is safe: it can only make the cookie stricter.
 */
export function isHttps(req: FastifyRequest): boolean {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase();
  return req.protocol === 'https' || forwarded === 'https';
}

/** Cookie-authenticated writes must carry a header a cross-site form cannot set. */
export function requireCsrfHeader(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (req.headers[CSRF_HEADER] !== CSRF_VALUE) {
    throw new HttpError(403, 'csrf', `requests that change something with a dashboard session need the header "X-Requested-With: ${CSRF_VALUE}"`);
  }
}

export function sessionToken(req: FastifyRequest): string | null {
  const t = req.cookies[SESSION_COOKIE];
  return typeof t === 'string' && t.length > 0 ? t : null;
}

function clearCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: isHttps(req) });
}

const DASHBOARD = { tags: ['dashboard'] };

/**
 * Dashboard sign-in: session cookies and login/logout/me (not encapsulated, so every plugin
 * registered after it sees `dashboardUser`; route-scopes.ts accepts an admin's session on admin routes).
 */
const dashboardSession: FastifyPluginAsyncZod<{ now?: () => Date }> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  await app.register(cookie);

  const currentUser = async (req: FastifyRequest) => {
    const token = sessionToken(req);
    return token ? await sessionUser(app.db, token, now()) : null;
  };

  app.decorate('dashboardUser', async (req: FastifyRequest) => {
    const user = await currentUser(req);
    if (!user) throw new HttpError(401, 'not-signed-in', 'sign in to the dashboard first (POST /api/v1/dashboard/login); sessions last 12 hours');
    return user;
  });

  app.post('/api/v1/dashboard/login', { schema: { ...DASHBOARD, body: loginRequest.describe('login') } }, async (req, reply) => {
    // login() audits its own failures and locks the account; the guard adds the per-address limit.
    const { token, user, expiresAt } = await app.secretGuard.attempt(req, { scheme: 'dashboard-login', credential: null, audited: false }, () =>
      login(app.db, req.body.email, req.body.password, now(), { ip: req.ip }),
    );
    req.log.info({ userId: user.id, role: user.role }, 'dashboard login');
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: isHttps(req),
      expires: expiresAt,
      maxAge: SESSION_LIFETIME_MS / 1000,
    });
    return me(user);
  });

  app.post('/api/v1/dashboard/logout', { schema: DASHBOARD }, async (req, reply) => {
    const token = sessionToken(req);
    if (token) {
      requireCsrfHeader(req);
      await logout(app.db, token);
    }
    clearCookie(req, reply);
    return reply.code(204).send();
  });

  async function me(user: DashboardUser): Promise<MeResponse> {
    const canEditRequirements = user.role === 'admin' || (await getSettings(app.db)).supervisorsEditStationRequirements;
    return { email: user.email, name: user.name, role: user.role, sites: await sitesInScope(app.db, user), canEditRequirements };
  }

  app.get('/api/v1/dashboard/me', { schema: DASHBOARD }, async (req) => me(await app.dashboardUser(req)));

  app.get('/api/v1/dashboard/session', { schema: DASHBOARD }, async (req): Promise<SessionResponse> => {
    const user = await currentUser(req);
    if (user) return { signedIn: true, me: await me(user) };
    return { signedIn: false, firstAdminNeeded: !(await anyActiveUser(app.db)) };
  });
};

export const dashboardSessionPlugin = fp(dashboardSession, { name: 'dashboard-session', dependencies: ['db', 'secret-guard'] });
