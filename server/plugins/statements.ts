import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../errors';
import { parseStatementQuery } from '../statements/query';
import { getStatement, listStatements, prepareStatement, storeStatements } from '../statements/store';

const XAPI_VERSION = '1.0.3';
const MAX_BATCH = 1000;
const uuidParam = z.uuid();
/** xAPI query parameters are checked by the xAPI rules (statements/query.ts), so this resource has no route schemas. */
type XapiQuery = Record<string, unknown>;

/**
 * The xAPI 1.0.3 Statements resource (an LRS for the kiosks and for reporting tools).
 * Not supported: voiding, attachments, related_agents/related_activities, alternate request syntax.
 */
export const statementsPlugin: FastifyPluginAsyncZod<{ serverUrl: string }> = async (app, opts) => {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Experience-API-Version', XAPI_VERSION);
    const version = req.headers['x-experience-api-version'];
    if (typeof version !== 'string' || !/^1\.0(\.\d+)?$/.test(version.trim())) {
      throw new HttpError(400, 'xapi-version-missing', 'send the header X-Experience-API-Version: 1.0.3 (this LRS speaks xAPI 1.0.x)');
    }
    req.principal = await app.auth.statementsClient(req);
  });

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
    const stored = new Date().toISOString();
    const prepared = list.map((s, i) => prepareStatement(s, Array.isArray(body) ? `[${i}]` : '', req.principal!, opts.serverUrl, stored));
    const { inserted } = await storeStatements(app.db, prepared, stored);
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
    const stored = new Date().toISOString();
    await storeStatements(app.db, [prepareStatement({ ...body, id }, '', req.principal!, opts.serverUrl, stored)], stored);
    return reply.code(204).send();
  });

  app.get<{ Querystring: XapiQuery }>('/xapi/statements', async (req, reply) => {
    const query = req.query;
    reply.header('X-Experience-API-Consistent-Through', new Date().toISOString());
    if (query.statementId !== undefined) return getStatement(app.db, statementIdParam(query.statementId), req.principal!);
    return listStatements(app.db, parseStatementQuery(query), req.principal!);
  });
};
