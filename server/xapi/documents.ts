import { createHash } from 'node:crypto';
import { HttpError } from '../errors';

/**
 * Document rules shared by State, Activity Profile and Agent Profile (Communication 2.2, 3.1),
 * pure: the ETag, the If-Match / If-None-Match preconditions and the JSON merge of POST.
 */

export interface StoredDocument {
  content: Buffer;
  contentType: string;
  sha1: string;
  updated: Date;
}

export const sha1 = (content: Buffer): string => createHash('sha1').update(content).digest('hex');
export const etagOf = (doc: { sha1: string }): string => `"${doc.sha1}"`;

const isJson = (contentType: string) => /^application\/json\b/i.test(contentType.trim());

/** The ETags a header lists (quoted or not, weak marks dropped); `*` stays `*`. */
function tags(header: string): string[] {
  return header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
}

/**
 * Whether a write may go ahead. If-Match must name the current ETag (412 otherwise, also when there
 * is no document); If-None-Match: * refuses when a document exists (412). Profiles need one of the
 * two headers to overwrite an existing document (409), so two tools cannot overwrite each other
 * unknowingly; the State resource does not (its writer owns the state).
 */
export function checkPreconditions(
  existing: { sha1: string } | null,
  headers: { ifMatch?: string; ifNoneMatch?: string },
  options: { requireHeaderToOverwrite: boolean; section: string },
): void {
  if (headers.ifMatch !== undefined) {
    const wanted = tags(headers.ifMatch);
    if (!existing || !(wanted.includes('*') || wanted.includes(existing.sha1))) {
      throw new HttpError(412, 'precondition-failed', `If-Match ${headers.ifMatch} does not match the document's ETag${existing ? ` ${etagOf(existing)}` : ' (there is no document)'}: GET it again and retry (${options.section}, Communication 3.1 Concurrency)`);
    }
  }
  if (headers.ifNoneMatch !== undefined) {
    const unwanted = tags(headers.ifNoneMatch);
    if (existing && (unwanted.includes('*') || unwanted.includes(existing.sha1))) {
      throw new HttpError(412, 'precondition-failed', `If-None-Match ${headers.ifNoneMatch}: the document exists with ETag ${etagOf(existing)} (${options.section}, Communication 3.1 Concurrency)`);
    }
  }
  if (options.requireHeaderToOverwrite && existing && headers.ifMatch === undefined && headers.ifNoneMatch === undefined) {
    throw new HttpError(409, 'document-conflict', `the document exists: send If-Match with its ETag ${etagOf(existing)} to overwrite it, or If-None-Match: * to create only (${options.section}, Communication 3.1 Concurrency)`);
  }
}

function jsonObject(content: Buffer, what: string, section: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid-document', `${what} is not valid JSON: POST merges JSON objects; use PUT to replace a document of another kind (${section})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'invalid-document', `${what} is not a JSON object: POST merges JSON objects; use PUT to replace it (${section})`);
  }
  return value as Record<string, unknown>;
}

/** POST: the new JSON object's top-level properties over the stored one's (Communication 2.2 JSON Procedure with Requirements). */
export function mergeDocument(existing: StoredDocument | null, content: Buffer, contentType: string, section: string): { content: Buffer; contentType: string } {
  if (!isJson(contentType)) throw new HttpError(400, 'invalid-document', `POST takes a JSON object with Content-Type: application/json, not ${contentType}; use PUT for other documents (${section})`);
  const incoming = jsonObject(content, 'the request body', section);
  if (!existing) return { content, contentType };
  if (!isJson(existing.contentType)) throw new HttpError(400, 'invalid-document', `the stored document is ${existing.contentType}, not JSON: replace it with PUT (${section})`);
  const merged = { ...jsonObject(existing.content, 'the stored document', section), ...incoming };
  return { content: Buffer.from(JSON.stringify(merged)), contentType: 'application/json' };
}
