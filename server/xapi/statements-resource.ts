import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptedLanguages, formatStatement } from '../../common/xapi/format';
import { verbs } from '../../common/xapi/completion';
import { errorForLog, HttpError } from '../errors';
import type { Principal } from '../plugins/auth';
import { parseStatementQuery } from '../statements/query';
import { chunkable, ingestInChunks } from '../statements/ingest';
import { authorizeWrites } from '../statements/speakers';
import { authorityFor, getStatement, listStatements, prepareStatement, storeStatements, type PreparedStatement, type StoreResult, type WriteContext } from '../statements/store';
import { authorizeVoiding } from '../statements/voiding';
import { effectiveMethod, withAlternateSyntax, type XapiHandler } from './alternate-syntax';
import { loadAttachments, matchAttachments, splitParts, storeAttachments } from './attachments';
import { buildMultipart, parseMultipart, type Part } from './multipart';
import { onlyParams } from './params';
import { verifySignature } from './signed-statements';

const COMPLETION_VERBS = new Set<string>([verbs.completed, verbs.passed, verbs.failed]);
const MAX_BATCH = 1000;
const uuidParam = z.uuid();

/**
 * The xAPI 1.0.3 Statements resource (Communication 2.1): PUT one statement, POST one or a batch,
 * GET one (statementId / voidedStatementId) or a filtered page.
 */
export interface StatementsOptions {
  /** The server's canonical URL (no trailing slash). */
  publicUrl: string;
  now: () => Date;
  maxClockSkewMs: number;
}

/** Refusals of who may say what, logged for the audit trail (ids and the rule; no badge, PIN or credential). */
const AUDITED = new Set(['wrong-site', 'timestamp-in-future', 'read-only-key']);

export const statementsResource: FastifyPluginAsyncZod<StatementsOptions> = async (app, opts) => {
  app.addHook('onError', async (req, _reply, err) => {
    if (!(err instanceof HttpError) || !AUDITED.has(err.code) || !req.principal) return;
    const writer = authorityFor(req.principal, opts.publicUrl)!.account!.name;
    req.log.warn({ writer, error: err.code, rule: err.extra.rule, statementIds: err.extra.statementIds }, 'statement refused');
  });
  // Every GET of statements says how far the answer is consistent, whatever its status (Communication 2.1.3).
  app.addHook('onSend', async (req, reply, payload) => {
    const method = effectiveMethod(req);
    if (method === 'GET' || method === 'HEAD') reply.header('X-Experience-API-Consistent-Through', opts.now().toISOString());
    return payload;
  });

  // Statements with attachments arrive as multipart/mixed: kept as bytes here, split by the handlers.
  app.addContentTypeParser('multipart/mixed', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  /** The statements JSON of a request and the attachment parts that came with it. */
  function statementsBody(req: FastifyRequest): { json: unknown; parts: Part[] } {
    if (!Buffer.isBuffer(req.body)) return { json: req.body, parts: [] };
    return splitParts(parseMultipart(req.body, String(req.headers['content-type'])));
  }

  /** Validates, checks the writer may say it, and stores; all or nothing. A plain batch goes in chunks (statements/ingest.ts). */
  async function write(principal: Principal, raw: unknown[], paths: string[], parts: Part[]): Promise<{ prepared: PreparedStatement[]; inserted: number }> {
    if (principal.kind === 'lrs' && !principal.write) {
      throw new HttpError(403, 'read-only-key', 'this LRS key may read statements only: create a key for writing with npm run server -- lrs-key create --write');
    }
    const stored = new Date().toISOString();
    const ctx: WriteContext = { publicUrl: opts.publicUrl, stored, now: opts.now(), maxClockSkewMs: opts.maxClockSkewMs };
    const { prepared, inserted, voided } = chunkable(raw, parts.length) ? await ingestInChunks(app.db, raw, paths, principal, ctx) : await writeWhole(principal, raw, paths, parts, ctx);
    if (voided.revoked.length > 0) {
      app.log.info({ credentialIds: voided.revoked, voided: prepared.flatMap((p) => (p.voids === null ? [] : [p.voids])) }, 'credentials revoked: a completion they rest on was voided');
    }
    await issueCredentials(prepared, voided.workers);
    return { prepared, inserted };
  }

  /** A batch with attachments, a voiding statement or an id twice: validated and authorized whole, then stored. */
  async function writeWhole(principal: Principal, raw: unknown[], paths: string[], parts: Part[], ctx: WriteContext): Promise<StoreResult & { prepared: PreparedStatement[] }> {
    const prepared = await authorizeWrites(app.db, raw.map((s, i) => prepareStatement(s, paths[i], principal, ctx)), principal);
    await authorizeVoiding(app.db, prepared, principal);
    const attachments = matchAttachments(prepared.flatMap((p) => p.statement.attachments ?? []), parts);
    for (const p of prepared) await verifySignature(p.id, p.statement, attachments);
    await storeAttachments(app.db, attachments);
    return { prepared, ...(await storeStatements(app.db, prepared, ctx.stored, principal.kind === 'terminal' ? principal.siteId : null, ctx.now)) };
  }

  /**
   * A completion may complete a certification; after a voiding (its revocations were stored with it)
   * the remaining completions may still earn one. Both before answering, so the terminal's next pull
   * has it. A failure here never loses the statements.
   */
  async function issueCredentials(prepared: PreparedStatement[], voidedWorkers: string[]): Promise<void> {
    const workers = [...new Set([...prepared.filter((p) => p.employeeId !== null && COMPLETION_VERBS.has(p.verbId)).map((p) => p.employeeId!), ...voidedWorkers])];
    if (workers.length === 0) return;
    try {
      await app.issueCredentialsFor(workers);
    } catch (err) {
      app.log.error({ err: errorForLog(err as Error) }, 'issuing credentials after a completion or voiding failed; POST /api/v1/admin/credentials/issue retries it');
    }
  }

  const post: XapiHandler = async (req) => {
    onlyParams(req.query, [], 'POST statements', 'Communication 2.1.2 POST Statements');
    const { json: body, parts } = statementsBody(req);
    const list = Array.isArray(body) ? body : [body];
    if (body === undefined || body === null || list.length === 0) throw new HttpError(400, 'invalid-statement', 'send a statement or a non-empty array of statements as JSON');
    if (list.length > MAX_BATCH) throw new HttpError(413, 'batch-too-large', `a batch holds at most ${MAX_BATCH} statements; got ${list.length}: send smaller batches`);
    const { prepared, inserted } = await write(req.principal!, list, list.map((_s, i) => (Array.isArray(body) ? `[${i}]` : '')), parts);
    req.log.info({ received: prepared.length, inserted }, 'statements stored');
    return prepared.map((p) => p.id);
  };

  const put: XapiHandler = async (req, reply) => {
    const query = onlyParams(req.query, ['statementId'], 'PUT statements', 'Communication 2.1.1 PUT Statements');
    const parsedId = uuidParam.safeParse(query.statementId);
    if (!parsedId.success) throw new HttpError(400, 'invalid-query', 'query parameter statementId: expected a UUID (Communication 2.1.1 PUT Statements)');
    const id = parsedId.data.toLowerCase();
    const { json, parts } = statementsBody(req);
    const body = json as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid-statement', 'PUT takes one statement as a JSON object');
    if (body.id !== undefined && String(body.id).toLowerCase() !== id) {
      throw new HttpError(400, 'invalid-statement', `id: the statement's id ${String(body.id)} differs from statementId ${id}`);
    }
    await write(req.principal!, [{ ...body, id }], [''], parts);
    return reply.code(204).send();
  };

  const get: XapiHandler = async (req, reply) => {
    const query = parseStatementQuery(req.query as Record<string, unknown>);
    const languages = acceptedLanguages(req.headers['accept-language']);
    if (query.kind === 'one') {
      const { statement, stored } = await getStatement(app.db, query.id, query.voided, req.principal!);
      reply.header('Last-Modified', stored.toUTCString());
      return withAttachments(reply, formatStatement(statement, query.format, languages), [statement], query.attachments);
    }
    const { statements, more, lastStored } = await listStatements(app.db, query.filter, req.principal!);
    reply.header('Last-Modified', (lastStored ?? opts.now()).toUTCString());
    return withAttachments(reply, { statements: statements.map((s) => formatStatement(s, query.filter.format, languages)), more }, statements, query.filter.attachments);
  };

  /** attachments=true: the answer as multipart/mixed, the JSON first, then each attachment's bytes this LRS holds (Communication 2.1.3). */
  async function withAttachments(reply: FastifyReply, answer: unknown, statements: Record<string, unknown>[], wanted: boolean): Promise<unknown> {
    if (!wanted) return answer;
    const shas = [...new Set(statements.flatMap((s) => ((s.attachments ?? []) as { sha2: string }[]).map((a) => a.sha2.toLowerCase())))];
    const files = await loadAttachments(app.db, shas);
    const { body, contentType } = buildMultipart([
      { headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(answer)) },
      ...files.map((f) => ({ headers: { 'Content-Type': f.contentType, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': f.sha2 }, body: f.content })),
    ]);
    return reply.header('Content-Type', contentType).send(body);
  }

  app.put('/statements', { bodyLimit: 1024 * 1024 }, put);
  app.get('/statements', get);
  app.post('/statements', { bodyLimit: 16 * 1024 * 1024 }, withAlternateSyntax({ GET: get, PUT: put, POST: post }, 'json'));
};
