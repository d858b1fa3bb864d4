import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from './db/db';
import { errorForLog, HttpError } from './errors';
import { maskBadge } from '../common/privacy/mask-badge';
import { auditLogPlugin } from './audit/audit-log-plugin';
import { authPlugin } from './plugins/auth';
import { DEFAULT_SECRET_GUARD_LIMITS, secretGuardPlugin, type SecretGuardLimits } from './plugins/secret-guard';
import { contentPlugin } from './plugins/content';
import { credentialsPlugin } from './credentials/plugin';
import { dashboardPlugin } from './plugins/dashboard';
import { dashboardSessionPlugin } from './plugins/dashboard-session';
import { dashboardStaticPlugin } from './plugins/dashboard-static';
import { dbPlugin } from './plugins/db';
import { enrollmentPlugin } from './plugins/enrollment';
import { exportPlugin } from './plugins/export';
import { fleetPlugin } from './plugins/fleet';
import { packsPlugin } from './plugins/packs';
import { pullPlugin } from './plugins/pull';
import { rosterPlugin } from './plugins/roster';
import { displayNamesPlugin } from './plugins/display-names';
import { rosterImportPlugin } from './plugins/roster-import';
import { requirementsPlugin } from './plugins/requirements';
import { usersPlugin } from './plugins/users';
import { apiKeysPlugin } from './plugins/api-keys';
import { openApiOptions } from './openapi';
import { terminalEventsPlugin } from './security-events/terminal-events-plugin';
import { staffPinsPlugin } from './staff/staff-pins-plugin';
import { zodValidatorCompiler } from './validation';
import { lrsPlugin } from './xapi/lrs-plugin';
import { responseHeadersPlugin } from './plugins/response-headers';

export interface AppOptions {
  db: Db;
  /**
   * The server's one canonical public URL: handed to terminals at enrollment and pull, and the base of
   * every actor homePage, activity id and extension IRI they write, and of statement authorities.
   */
  serverUrl: string;
  /** pino options, or false for no logs (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Clock for enrollment expiry and statement timestamps (tests). */
  now?: () => Date;
  /** How far in the future a statement's timestamp may be; default 5 minutes. */
  maxClockSkewMs?: number;
  /** Refused secrets allowed per IP and per credential before 429; DEFAULT_SECRET_GUARD_LIMITS. */
  secretGuardLimits?: SecretGuardLimits;
  /** Encrypts the credential issuer's private key at rest (SHIFTLEARN_CREDENTIAL_KEY); without it no credential is signed. */
  credentialKey?: Buffer;
  /** The issuer name credentials carry; default "Shiftlearn at <host>". */
  issuerName?: string;
  /** False leaves out the OpenAPI document (the CLI's in-process routes, which only it calls). */
  openApi?: boolean;
}

/** Secrets never reach the log: credentials, tokens, codes, passwords, session cookies, and the Authorization header. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'req.headers.cookie',
  'headers.cookie',
  '*.credential',
  '*.token',
  '*.secret',
  '*.code',
  '*.password',
  'body.credential',
  'body.code',
  'body.password',
  '*.pin',
  '*.pinHash',
  '*.pinPepper',
  'body.pin',
];
/** Badge ids are credentials too (a copied badge signs in), but the last digits help find a reader fault. */
export const BADGE_PATHS = ['*.badgeId', '*.badge_id', 'badgeId', 'badge_id'];

function censor(value: unknown, path: string[]): string {
  const last = path[path.length - 1];
  if ((last === 'badgeId' || last === 'badge_id') && typeof value === 'string') return maskBadge(value);
  return '[redacted]';
}

/** DELETE /api/v1/admin/badges/<badge id> carries the badge in its URL, which fastify logs with every request. */
const BADGE_URL = /^(\/api\/v1\/admin\/badges\/)([^/?#]+)/;

/** fastify's own request fields, with a badge id in the URL censored like one in a logged object. */
function requestLogFields(req: FastifyRequest) {
  return {
    method: req.method,
    url: req.url.replace(BADGE_URL, (_all, prefix: string, badge: string) => prefix + censor(badge, ['badgeId'])),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** JSON to stdout, or with `file` to files rotated daily and at 50 MB, 14 kept, current.log linking the active one (pino-roll, in a worker thread). */
export function loggerOptions(level = 'info', file: string | null = null): FastifyServerOptions['logger'] {
  const redact = { paths: [...REDACT_PATHS, ...BADGE_PATHS], censor };
  const serializers = { req: requestLogFields };
  if (!file) return { level, redact, serializers };
  return { level, redact, serializers, transport: { target: 'pino-roll', options: { file, frequency: 'daily', size: '50m', mkdir: true, dateFormat: 'yyyy-MM-dd', symlink: true, limit: { count: 14 } } } };
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const publicUrl = opts.serverUrl.replace(/\/+$/, '');
  const now = opts.now ?? (() => new Date());
  const app = Fastify({ logger: opts.logger ?? false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) {
      if (err.statusCode >= 500) req.log.error({ err: errorForLog(err) }, err.message);
      if (err.statusCode === 429 && typeof err.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(err.extra.retryAfterSeconds));
      return reply.code(err.statusCode).send({ error: err.code, message: err.message, ...err.extra });
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({ error: 'bad-request', message: `${err.message}: fix the request and send it again` });
    }
    req.log.error({ err: errorForLog(err) }, 'request failed');
    return reply.code(500).send({
      error: 'internal',
      message: `the server failed to handle this request (request ${req.id}); the server log has the details. The same request may fail the same way again: tell the server's operator if it does`,
    });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'not-found', message: `no endpoint ${req.method} ${req.url.split('?')[0]}: see GET /openapi.json for the API` }),
  );

  // Before any route: it collects every route registered after it into the OpenAPI document.
  if (opts.openApi !== false) await app.register(swagger, openApiOptions(opts.serverUrl));
  await app.register(responseHeadersPlugin);
  await app.register(dbPlugin, { db: opts.db });
  await app.register(secretGuardPlugin, { limits: opts.secretGuardLimits ?? DEFAULT_SECRET_GUARD_LIMITS, now });
  await app.register(authPlugin);
  await app.register(dashboardSessionPlugin, { now: opts.now });

  app.get('/healthz', { schema: { tags: ['health'] } }, async (_req, reply) => {
    try {
      await app.db.query('SELECT 1');
      return { status: 'ok', database: app.db.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: app.db.kind, message: 'the database does not answer' });
    }
  });

  await app.register(enrollmentPlugin, { now, publicUrl });
  await app.register(rosterPlugin);
  await app.register(rosterImportPlugin);
  await app.register(requirementsPlugin);
  await app.register(displayNamesPlugin);
  await app.register(usersPlugin);
  await app.register(apiKeysPlugin);
  await app.register(staffPinsPlugin);
  await app.register(dashboardPlugin, { now: opts.now });
  await app.register(contentPlugin);
  await app.register(packsPlugin);
  await app.register(credentialsPlugin, { publicUrl, now, keyEncryptionKey: opts.credentialKey, issuerName: opts.issuerName });
  await app.register(pullPlugin, { publicUrl });
  await app.register(fleetPlugin);
  await app.register(lrsPlugin, { prefix: '/xapi', publicUrl, now, maxClockSkewMs: opts.maxClockSkewMs ?? 5 * 60_000 });
  await app.register(exportPlugin);
  await app.register(auditLogPlugin);
  await app.register(terminalEventsPlugin);
  await app.register(dashboardStaticPlugin);
  if (opts.openApi !== false) {
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    app.get('/openapi.yaml', { schema: { hide: true } }, async (_req, reply) => reply.type('application/yaml; charset=utf-8').send(app.swagger({ yaml: true })));
  }
  return app;
}
