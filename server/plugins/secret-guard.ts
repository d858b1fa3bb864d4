import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { recordAudit } from '../audit/audit-log';
import { HttpError } from '../errors';

/**
 * How many refused secrets a client may send per window before it is refused unchecked: per IP
 * address, and per credential id (terminal id, LRS key id) so one credential guessed from many
 * addresses is slowed too. Secrets are long, so this is defence in depth; the point is to turn a
 * guess rate of hundreds a second into a few a minute and leave an audit trail.
 */
export interface SecretGuardLimits {
  failuresPerIp: number;
  failuresPerCredential: number;
  windowMs: number;
}

export const DEFAULT_SECRET_GUARD_LIMITS: SecretGuardLimits = { failuresPerIp: 30, failuresPerCredential: 10, windowMs: 60_000 };

/** Which secret a request offers: its scheme, and the id it names (never the secret itself). */
export interface SecretAttempt {
  scheme: 'terminal' | 'lrs-basic' | 'admin-token' | 'enrollment-code' | 'dashboard-login';
  /** Terminal id or LRS key id; null when the secret names no one (admin token, enrollment code). */
  credential: string | null;
  /** False where the route writes its own audit entries (dashboard login). */
  audited?: boolean;
}

export interface SecretGuard {
  /**
   * Runs check unless the client or credential is over its limit (then 429, unchecked). A refusal
   * of the secret (401, except "no credential sent") counts against both limits and is audited.
   */
  attempt<T>(req: FastifyRequest, what: SecretAttempt, check: () => Promise<T>): Promise<T>;
}

declare module 'fastify' {
  interface FastifyInstance {
    secretGuard: SecretGuard;
  }
}

/** 401 codes that mean "no secret was offered", which is not a guess. */
const NOT_A_GUESS = new Set(['unauthenticated']);
const MAX_SUBJECT = 100;

export const secretGuardPlugin = fp<{ limits: SecretGuardLimits; now: () => Date }>(
  async (app, opts) => {
    const { limits } = opts;
    await app.register(rateLimit, { global: false });
    const perIp = app.createRateLimit({ max: limits.failuresPerIp, timeWindow: limits.windowMs, keyGenerator: (req) => `ip:${req.ip}` });
    // The limiter's key generator sees only the request: the credential id it counts is handed over here.
    const credentialOf = new WeakMap<FastifyRequest, string>();
    const perCredentialLimiter = app.createRateLimit({ max: limits.failuresPerCredential, timeWindow: limits.windowMs, keyGenerator: (req) => `credential:${credentialOf.get(req)}` });
    function limiters(req: FastifyRequest, what: SecretAttempt) {
      if (!what.credential) return [{ by: 'this address', limiter: perIp }];
      credentialOf.set(req, `${what.scheme}:${what.credential}`);
      return [
        { by: 'this address', limiter: perIp },
        { by: `this ${what.scheme} credential`, limiter: perCredentialLimiter },
      ];
    }

    async function refuseIfOver(req: FastifyRequest, what: SecretAttempt): Promise<void> {
      for (const { by, limiter } of limiters(req, what)) {
        const state = await limiter(req, { increment: false });
        if (!state.isAllowed && state.remaining === 0) {
          const seconds = Math.max(1, state.ttlInSeconds);
          throw new HttpError(
            429,
            'too-many-failures',
            `too many refused credentials from ${by} in a short time: wait ${seconds} s and try again, with a credential that is valid (check it, or ask an admin for a new one)`,
            { retryAfterSeconds: seconds },
          );
        }
      }
    }

    async function countFailure(req: FastifyRequest, what: SecretAttempt, error: string): Promise<void> {
      const subject = what.credential?.slice(0, MAX_SUBJECT) ?? null;
      const states = await Promise.all(limiters(req, what).map(({ limiter }) => limiter(req)));
      const at = opts.now();
      if (what.audited !== false) {
        await recordAudit(app.db, { kind: 'auth-failed', subject, ip: req.ip, detail: { scheme: what.scheme, error, route: req.routeOptions.url ?? req.url.split('?')[0] } }, at);
        req.log.warn({ scheme: what.scheme, subject, ip: req.ip, error }, 'credential refused');
      }
      // Only the failure that uses up a limit is logged as throttling (the refusals after it are
      // answered unchecked and not logged), so an attack cannot flood the audit log.
      if (states.some((s) => !s.isAllowed && s.remaining === 0 && !s.isExceeded)) {
        await recordAudit(app.db, { kind: 'auth-throttled', subject, ip: req.ip, detail: { scheme: what.scheme, windowSeconds: Math.round(limits.windowMs / 1000) } }, at);
        req.log.warn({ scheme: what.scheme, subject, ip: req.ip }, 'credential guessing throttled');
      }
    }

    app.decorate('secretGuard', {
      async attempt(req, what, check) {
        await refuseIfOver(req, what);
        try {
          return await check();
        } catch (err) {
          if (err instanceof HttpError && err.statusCode === 401 && !NOT_A_GUESS.has(err.code)) await countFailure(req, what, err.code);
          throw err;
        }
      },
    } satisfies SecretGuard);
  },
  { name: 'secret-guard', dependencies: ['db'] },
);
