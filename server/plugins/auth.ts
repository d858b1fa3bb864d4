import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/db';
import { HttpError } from '../errors';
import { sameHash, sha256 } from '../secrets';
import type { SecretAttempt, SecretGuard } from './secret-guard';

export type Principal =
  | { kind: 'terminal'; terminalId: string; siteId: string; stationId: string }
  | { kind: 'admin'; tokenId: string }
  | { kind: 'lrs'; key: string; write: boolean };

export interface Auth {
  /** `Bearer <terminalId>.<credential>`; 401 when wrong, 403 when revoked. */
  terminal(req: FastifyRequest): Promise<Principal & { kind: 'terminal' }>;
  /** `Bearer <admin token>`. */
  admin(req: FastifyRequest): Promise<Principal & { kind: 'admin' }>;
  /** Whoever may use the xAPI Statements resource: a terminal, an LRS key (Basic), or an admin token. */
  statementsClient(req: FastifyRequest): Promise<Principal>;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const TERMINAL_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{20,})$/i;

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

const missing = (what: string) => new HttpError(401, 'unauthenticated', `this endpoint needs ${what} in the Authorization header`);

export function createAuth(db: Db): Auth {
  async function terminal(req: FastifyRequest) {
    const token = bearer(req);
    const m = token ? TERMINAL_TOKEN.exec(token) : null;
    if (!m) throw missing('"Bearer <terminalId>.<credential>" (the terminal gets both when it enrolls)');
    const [, terminalId, credential] = m;
    const r = await db.query<{ credential_hash: string; site_id: string; station_id: string; revoked_at: Date | null }>(
      'SELECT credential_hash, site_id, station_id, revoked_at FROM terminals WHERE id = $1',
      [terminalId.toLowerCase()],
    );
    const row = r.rows[0];
    if (!row || !sameHash(row.credential_hash, sha256(credential))) {
      throw new HttpError(401, 'bad-credential', 'the terminal credential is not valid: enroll the terminal again with a new code from site IT (server enroll --site ... --station ...)');
    }
    if (row.revoked_at) {
      throw new HttpError(403, 'terminal-revoked', `this terminal was revoked on ${row.revoked_at.toISOString()}: ask site IT for a new enrollment code and enroll it again`);
    }
    await db.query(
      `UPDATE terminals SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
      [terminalId.toLowerCase()],
    );
    return { kind: 'terminal' as const, terminalId: terminalId.toLowerCase(), siteId: row.site_id, stationId: row.station_id };
  }

  async function adminFromToken(token: string | null) {
    if (!token) return null;
    const r = await db.query<{ id: string }>('SELECT id FROM admin_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [sha256(token)]);
    return r.rows[0] ? { kind: 'admin' as const, tokenId: r.rows[0].id } : null;
  }

  async function admin(req: FastifyRequest) {
    const token = bearer(req);
    if (!token) throw missing('"Bearer <admin token>" (create one with: npm run server -- admin-token create)');
    const principal = await adminFromToken(token);
    if (!principal) throw new HttpError(401, 'bad-admin-token', 'the admin token is not valid or was revoked: create a new one with npm run server -- admin-token create');
    return principal;
  }

  async function lrs(header: string) {
    let decoded: string;
    try {
      decoded = Buffer.from(header, 'base64').toString('utf8');
    } catch {
      decoded = '';
    }
    const colon = decoded.indexOf(':');
    const key = colon > 0 ? decoded.slice(0, colon) : '';
    const secret = colon > 0 ? decoded.slice(colon + 1) : '';
    const r = await db.query<{ secret_hash: string; can_write: boolean }>('SELECT secret_hash, can_write FROM lrs_keys WHERE key = $1 AND revoked_at IS NULL', [key]);
    if (!r.rows[0] || !sameHash(r.rows[0].secret_hash, sha256(secret))) {
      throw new HttpError(401, 'bad-lrs-key', 'the LRS key or secret is not valid: create a key with npm run server -- lrs-key create');
    }
    return { kind: 'lrs' as const, key, write: r.rows[0].can_write };
  }

  async function statementsClient(req: FastifyRequest): Promise<Principal> {
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (basic) return lrs(basic[1]);
    const token = bearer(req);
    if (token && TERMINAL_TOKEN.test(token)) return terminal(req);
    const asAdmin = await adminFromToken(token);
    if (asAdmin) return asAdmin;
    throw missing('HTTP Basic with an LRS key and secret, or "Bearer <terminalId>.<credential>"');
  }

  return { terminal, admin, statementsClient };
}

/** The id a request's Authorization header names (terminal id, LRS key id), for the guard's per-credential limit; never the secret. */
function offeredSecret(req: FastifyRequest): SecretAttempt {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { scheme: 'lrs-basic', credential: colon > 0 ? decoded.slice(0, colon) : null };
  }
  const terminal = TERMINAL_TOKEN.exec(bearer(req) ?? '');
  if (terminal) return { scheme: 'terminal', credential: terminal[1].toLowerCase() };
  return { scheme: 'admin-token', credential: null };
}

/** Every check of an offered secret goes through the secret guard: rate-limited and audited when refused. */
function guarded(auth: Auth, guard: SecretGuard): Auth {
  return {
    terminal: (req) => guard.attempt(req, offeredSecret(req), () => auth.terminal(req)),
    admin: (req) => guard.attempt(req, { scheme: 'admin-token', credential: null }, () => auth.admin(req)),
    statementsClient: (req) => guard.attempt(req, offeredSecret(req), () => auth.statementsClient(req)),
  };
}

export const authPlugin = fp(
  async (app) => {
    app.decorate('auth', guarded(createAuth(app.db), app.secretGuard));
    app.decorateRequest('principal', null);
  },
  { name: 'auth', dependencies: ['db', 'secret-guard'] },
);
