import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../errors';
import type { Principal } from './auth';
import { parseStatementQuery } from '../statements/query';
import { authorizeWrites } from '../statements/speakers';
import { authorityFor, getStatement, listStatements, prepareStatement, storeStatements, type PreparedStatement } from '../statements/store';

const XAPI_VERSION = '1.0.3';
const MAX_BATCH = 1000;
const uuidParam = z.uuid();
/** xAPI query parameters are checked by the xAPI rules (statements/query.ts), so this resource has no route schemas. */
type XapiQuery = Record<string, unknown>;

/**
 * The xAPI 1.0.3 Statements resource (an LRS for the kiosks and for reporting tools).
 * Not supported: voiding, attachments, related_agents/related_activities, alternate request syntax.
 */
export interface StatementsOptions {
  /** The server's canonical URL (no trailing slash). */
  publicUrl: string;
  now: () => Date;
  maxClockSkewMs: number;
}

/** Refusals of who may say what, logged for the audit trail (ids and the rule; no badge, PIN or credential). */
const AUDITED = new Set(['wrong-site', 'timestamp-in-future', 'read-only-key']);

export const statementsPlugin: FastifyPluginAsyncZod<StatementsOptions> = async (app, opts) => {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Experience-API-Version', XAPI_VERSION);
    const version = req.headers['x-experience-api-version'];
    if (typeof version !== 'string' || !/^1\.0(\.\d+)?$/.test(version.trim())) {
      throw new HttpError(400, 'xapi-version-missing', 'send the header X-Experience-API-Version: 1.0.3 (this LRS speaks xAPI 1.0.x)');
    }
    req.principal = await app.auth.statementsClient(req);
  });
  app.addHook('onError', async (req, _reply, err) => {
    if (!(err instanceof HttpError) || !AUDITED.has(err.code) || !req.principal) return;
    const writer = authorityFor(req.principal, opts.publicUrl)!.account!.name;
    req.log.warn({ writer, error: err.code, rule: err.extra.rule, statementIds: err.extra.statementIds }, 'statement refused');
  });

  /** Validates, checks the writer may say it, and stores; all or nothing. */
  async function write(principal: Principal, raw: unknown[], paths: string[]): Promise<{ prepared: PreparedStatement[]; inserted: number }> {
    if (principal.kind === 'lrs' && !principal.write) {
      throw new HttpError(403, 'read-only-key', 'this LRS key may read statements only: create a key for writing with npm run server -- lrs-key create --write');
    }
    const stored = new Date().toISOString();
    const ctx = { publicUrl: opts.publicUrl, stored, now: opts.now(), maxClockSkewMs: opts.maxClockSkewMs };
    const prepared = await authorizeWrites(app.db, raw.map((s, i) => prepareStatement(s, paths[i], principal, ctx)), principal);
    const { inserted } = await storeStatements(app.db, prepared, stored, principal.kind === 'terminal' ? principal.siteId : null);
    return { prepared, inserted };
  }

  const statementIdParam = (value: unknown): string => {
    const r = uuidParam.safeParse(value);
    if (!r.success) throw new HttpError(400, 'invalid-query', 'query parameter statementId: expected a UUID');
    return r.data.toLowerCase();
  };

  app.post('/xapi/statements', { bodyLimit: 16 * 1024 * 1024 }, async (req) => {
    const body = req.body;
    const list = Array.isArray(body) ? body : [body];
    if (body === undefined || body === null || list.length === 0) throw new HttpError(400, 'invalid-statement', 'send a statement or a non-empty array of statements as JSON');
    if (list.length > MAX_BATCH) throw new HttpError(413, 'batch-too-large', `a batch holds at most ${MAX_BATCH} statements; got ${list.length}: send smaller batches`);
    const { prepared, inserted } = await write(req.principal!, list, list.map((_s, i) => (Array.isArray(body) ? `[${i}]` : '')));
    req.log.info({ received: prepared.length, inserted }, 'statements stored');
    return prepared.map((p) => p.id);
  });

  app.put<{ Querystring: XapiQuery }>('/xapi/statements', { bodyLimit: 1024 * 1024 }, async (req, reply) => {
    const id = statementIdParam(req.query.statementId);
    const body = req.body as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid-statement', 'PUT takes one statement as a JSON object');
    if (body.id !== undefined && String(body.id).toLowerCase() !== id) {
      throw new HttpError(400, 'invalid-statement', `id: the statement's id ${String(body.id)} differs from statementId ${id}`);
    }
    await write(req.principal!, [{ ...body, id }], ['']);
    return reply.code(204).send();
  });

  app.get<{ Querystring: XapiQuery }>('/xapi/statements', async (req, reply) => {
    const query = req.query;
    reply.header('X-Experience-API-Consistent-Through', new Date().toISOString());
    if (query.statementId !== undefined) return getStatement(app.db, statementIdParam(query.statementId), req.principal!);
    return listStatements(app.db, parseStatementQuery(query), req.principal!);
  });
};
