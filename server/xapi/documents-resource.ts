import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { agentSchema, identifiedGroupSchema, isoTimestamp } from '../../common/xapi/statement';
import { HttpError } from '../errors';
import { actorKey } from '../statements/index-columns';
import { parseForm, withAlternateSyntax, type XapiHandler } from './alternate-syntax';
import { checkPreconditions, etagOf, mergeDocument, sha1 } from './documents';
import { deleteDocuments, listDocumentIds, lockDocument, readDocument, writeDocument, type DocumentKind, type DocumentScope } from './documents-store';
import { onlyParams } from './params';

/** One document resource: its URL, its key parameters and the spec section its errors name. */
interface DocumentResource {
  url: string;
  kind: DocumentKind;
  section: string;
  idParam: 'stateId' | 'profileId';
  activity: boolean;
  agent: boolean;
  registration: boolean;
  /** Profiles need If-Match or If-None-Match to overwrite an existing document with PUT. */
  requireHeaderToOverwrite: boolean;
}

const RESOURCES: DocumentResource[] = [
  { url: '/activities/state', kind: 'state', section: 'Communication 2.3 State Resource', idParam: 'stateId', activity: true, agent: true, registration: true, requireHeaderToOverwrite: false },
  { url: '/activities/profile', kind: 'activity-profile', section: 'Communication 2.7 Activity Profile Resource', idParam: 'profileId', activity: true, agent: false, registration: false, requireHeaderToOverwrite: true },
  { url: '/agents/profile', kind: 'agent-profile', section: 'Communication 2.6 Agent Profile Resource', idParam: 'profileId', activity: false, agent: true, registration: false, requireHeaderToOverwrite: true },
];

const MAX_DOCUMENT_BYTES = 1024 * 1024;
const iriParam = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'expected an absolute IRI');

function invalid(param: string, problem: string, section: string): HttpError {
  return new HttpError(400, 'invalid-query', `query parameter ${param}: ${problem} (${section})`);
}

/** The `agent` parameter: an Agent (or identified Group) as JSON. */
export function agentParam(value: string | undefined, section: string): { key: string; agent: z.infer<typeof agentSchema> | z.infer<typeof identifiedGroupSchema> } {
  if (value === undefined) throw invalid('agent', 'required: an Agent as JSON, e.g. {"mbox":"mailto:ana@example.com"}', section);
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw invalid('agent', 'not JSON: send an Agent as JSON, e.g. {"mbox":"mailto:ana@example.com"}', section);
  }
  const parsed = z.union([agentSchema, identifiedGroupSchema]).safeParse(json);
  if (!parsed.success) throw invalid('agent', parsed.error.issues[0].message, section);
  return { key: actorKey(parsed.data)!, agent: parsed.data };
}

export function requiredIri(value: string | undefined, param: string, section: string): string {
  if (value === undefined) throw invalid(param, 'required', section);
  const r = iriParam.safeParse(value);
  if (!r.success) throw invalid(param, r.error.issues[0].message, section);
  return value;
}

/** Terminals write statements only; documents are for LRS keys (writes need a write key) and admins. */
export function requireDocumentAccess(req: FastifyRequest, write: boolean, section: string): void {
  const p = req.principal!;
  if (p.kind === 'terminal') throw new HttpError(403, 'terminal-not-allowed', `a terminal uses the Statements resource only; use an LRS key for ${section}`);
  if (write && p.kind === 'lrs' && !p.write) {
    throw new HttpError(403, 'read-only-key', `this LRS key may read only: create a key for writing with npm run server -- lrs-key create --write (${section})`);
  }
}

function documentRoutes(r: DocumentResource): Record<'GET' | 'PUT' | 'POST' | 'DELETE', XapiHandler> {
  const keyParams = [...(r.activity ? ['activityId'] : []), ...(r.agent ? ['agent'] : []), ...(r.registration ? ['registration'] : [])];

  /** The scope and document id of a request; `listing` allows a missing id (and since, for GET). */
  function target(req: FastifyRequest, method: string, idRequired: boolean) {
    const allowed = [...keyParams, r.idParam, ...(method === 'GET' ? ['since'] : [])];
    const q = onlyParams(req.query, allowed, `${method} ${r.url}`, r.section);
    const id = q[r.idParam] ?? null;
    if (idRequired && id === null) throw invalid(r.idParam, 'required', r.section);
    if (id !== null && q.since !== undefined) throw invalid('since', `only when listing ids, not with ${r.idParam}`, r.section);
    let registration: string | null = null;
    if (q.registration !== undefined) {
      const reg = z.uuid().safeParse(q.registration);
      if (!reg.success) throw invalid('registration', 'expected a UUID', r.section);
      registration = reg.data.toLowerCase();
    }
    const since = q.since === undefined ? null : isoTimestamp.safeParse(q.since);
    if (since && !since.success) throw invalid('since', since.error.issues[0].message, r.section);
    const scope: DocumentScope = {
      kind: r.kind,
      activityId: r.activity ? requiredIri(q.activityId, 'activityId', r.section) : '',
      agentKey: r.agent ? agentParam(q.agent, r.section).key : '',
      // one document lives under its registration or none (''); listing and deleting without one spans them all
      registration: registration ?? (id === null ? null : ''),
    };
    return { scope, id, since: since ? since.data : null };
  }

  const preconditionHeaders = (req: FastifyRequest) => ({
    ifMatch: typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined,
    ifNoneMatch: typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : undefined,
  });

  function body(req: FastifyRequest): Buffer {
    const b = req.body;
    if (b === undefined || b === null) return Buffer.alloc(0);
    if (!Buffer.isBuffer(b)) throw new HttpError(400, 'invalid-document', `send the document as the request body (${r.section})`);
    if (b.length > MAX_DOCUMENT_BYTES) throw new HttpError(413, 'document-too-large', `a document holds at most ${MAX_DOCUMENT_BYTES} bytes (${r.section})`);
    return b;
  }

  const write = (merge: boolean): XapiHandler => async (req, reply) => {
    requireDocumentAccess(req, true, r.section);
    const { scope, id } = target(req, merge ? 'POST' : 'PUT', true);
    const content = body(req);
    const contentType = (req.headers['content-type'] ?? 'application/octet-stream').toString();
    await req.server.db.transaction(async (tx) => {
      const existing = await lockDocument(tx, scope, id!);
      checkPreconditions(existing, preconditionHeaders(req), { requireHeaderToOverwrite: r.requireHeaderToOverwrite && !merge, section: r.section });
      const next = merge ? mergeDocument(existing, content, contentType, r.section) : { content, contentType };
      await writeDocument(tx, scope, id!, { ...next, sha1: sha1(next.content), updated: new Date() });
    });
    return reply.code(204).send();
  };

  const get: XapiHandler = async (req, reply) => {
    requireDocumentAccess(req, false, r.section);
    const { scope, id, since } = target(req, 'GET', false);
    if (id === null) {
      const { ids, lastUpdated } = await listDocumentIds(req.server.db, scope, since);
      if (lastUpdated) reply.header('Last-Modified', lastUpdated.toUTCString());
      return ids;
    }
    const doc = await readDocument(req.server.db, scope, id);
    if (!doc) throw new HttpError(404, 'document-not-found', `no document ${r.idParam}=${id} here (${r.section})`);
    return reply.header('Content-Type', doc.contentType).header('ETag', etagOf(doc)).header('Last-Modified', doc.updated.toUTCString()).send(doc.content);
  };

  const del: XapiHandler = async (req, reply) => {
    requireDocumentAccess(req, true, r.section);
    const { scope, id } = target(req, 'DELETE', r.kind !== 'state');
    if (id === null) {
      await deleteDocuments(req.server.db, scope, null);
      return reply.code(204).send();
    }
    await req.server.db.transaction(async (tx) => {
      const existing = await lockDocument(tx, scope, id);
      checkPreconditions(existing, preconditionHeaders(req), { requireHeaderToOverwrite: false, section: r.section });
      await deleteDocuments(tx, scope, id);
    });
    return reply.code(204).send();
  };

  return { GET: get, PUT: write(false), POST: write(true), DELETE: del };
}

/**
 * The document resources: bodies are kept as sent (any content type, as bytes), so this scope
 * parses every body as raw bytes, except the form of an alternate request.
 */
export const documentsResources: FastifyPluginAsync = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, b, done) => done(null, b));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (req, b, done) => {
    if ((req.query as Record<string, unknown>).method === undefined) return done(null, b);
    try {
      done(null, parseForm((b as Buffer).toString('utf8')));
    } catch (err) {
      done(err as Error);
    }
  });
  for (const r of RESOURCES) {
    const h = documentRoutes(r);
    app.get(r.url, h.GET);
    app.put(r.url, { bodyLimit: MAX_DOCUMENT_BYTES * 2 }, h.PUT);
    app.delete(r.url, h.DELETE);
    app.post(r.url, { bodyLimit: MAX_DOCUMENT_BYTES * 3 }, withAlternateSyntax(h, 'raw'));
  }
};
