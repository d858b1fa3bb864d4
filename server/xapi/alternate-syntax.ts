import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';

/**
 * Alternate Request Syntax (Communication 1.3): a client that can only send POST (a browser form,
 * old proxies) sends `POST ?method=PUT` with a form body whose fields are the request's headers,
 * its `content`, and its query parameters. The request is rewritten to the one it stands for
 * before authentication, so it is checked exactly like a direct one.
 */

const SECTION = 'Communication 1.3 Alternate Request Syntax';
export const ALTERNATE_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'] as const;
export type XapiMethod = (typeof ALTERNATE_METHODS)[number];

/** Form fields that are request headers (compared case-insensitively), per the spec's list. */
const HEADER_FIELDS = new Set(['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match', 'accept-language']);

export interface AlternateRequest {
  method: XapiMethod;
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The `content` field: the body of the request it stands for, as text. */
  content: string | null;
}

const invalid = (message: string) => new HttpError(400, 'invalid-alternate-request', `${message} (${SECTION})`);

/** The method of a `?method=` request, or null for an ordinary one; anything besides `method` in the query is refused. */
export function alternateMethod(httpMethod: string, query: Record<string, unknown>): XapiMethod | null {
  if (query.method === undefined) return null;
  if (httpMethod !== 'POST') throw invalid(`the method parameter comes only with POST, not ${httpMethod}`);
  const extra = Object.keys(query).filter((k) => k !== 'method');
  if (extra.length > 0) throw invalid(`with ?method= the query holds method only; send ${extra.join(', ')} as form fields`);
  const method = String(query.method).toUpperCase();
  if (!(ALTERNATE_METHODS as readonly string[]).includes(method)) throw invalid(`method must be one of ${ALTERNATE_METHODS.join(', ')}, not ${String(query.method)}`);
  return method as XapiMethod;
}

/** The form body (already parsed) -> the request it stands for. */
export function alternateRequest(method: XapiMethod, contentType: string | undefined, form: unknown): AlternateRequest {
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) throw invalid('send the fields as Content-Type: application/x-www-form-urlencoded');
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  let content: string | null = null;
  for (const [field, value] of Object.entries((form ?? {}) as Record<string, string>)) {
    const lower = field.toLowerCase();
    if (HEADER_FIELDS.has(lower)) headers[lower] = value;
    else if (field === 'content') content = value;
    else query[field] = value;
  }
  return { method, headers, query, content };
}

/** The form parser of the LRS: repeated fields are refused rather than silently merged. */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (k in out) throw invalid(`form field ${k} given more than once`);
    out[k] = v;
  }
  return out;
}

/** What a request is, after the rewrite: its method, and its body as the content field gave it. */
const rewritten = new WeakMap<FastifyRequest, AlternateRequest>();

export function rewriteRequest(req: FastifyRequest, alt: AlternateRequest): void {
  Object.assign(req.headers, alt.headers);
  req.query = alt.query;
  rewritten.set(req, alt);
}

export function effectiveMethod(req: FastifyRequest): string {
  return rewritten.get(req)?.method ?? req.method;
}

export type XapiHandler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
export type BodyKind = 'json' | 'raw';

/** The body a handler sees for an alternate request: JSON parsed, or raw bytes for documents. */
function alternateBody(alt: AlternateRequest, kind: BodyKind): unknown {
  if (alt.content === null) return undefined;
  if (kind === 'raw') return Buffer.from(alt.content, 'utf8');
  try {
    return JSON.parse(alt.content);
  } catch {
    throw invalid('the content field is not valid JSON');
  }
}

/**
 * The POST handler of a resource that also serves alternate requests: an ordinary POST goes to
 * `post`, a `?method=X` one to the handler for X (405 when the resource has none).
 */
export function withAlternateSyntax(handlers: Partial<Record<XapiMethod, XapiHandler>>, kind: BodyKind): XapiHandler {
  return async (req, reply) => {
    const alt = rewritten.get(req);
    if (!alt) return handlers.POST ? handlers.POST(req, reply) : reply.code(405).send({ error: 'method-not-allowed', message: 'this resource does not take POST' });
    const handler = handlers[alt.method === 'HEAD' ? 'GET' : alt.method];
    if (!handler) throw new HttpError(405, 'method-not-allowed', `this resource does not take ${alt.method} (${SECTION})`);
    req.body = alternateBody(alt, kind);
    const result = await handler(req, reply);
    return alt.method === 'HEAD' ? reply.send() : result;
  };
}
