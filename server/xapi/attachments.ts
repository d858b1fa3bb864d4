import { createHash } from 'node:crypto';
import type { Attachment } from '../../common/xapi/statement';
import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import type { Part } from './multipart';

/**
 * Attachments (Data 2.4.11, Communication 1.5.2): the statements' declared attachments and the
 * multipart parts that carry their bytes must match one to one by SHA-2, and the bytes must hash
 * to it. Stored content-addressed by SHA-2, so one file attached to many statements is kept once.
 */

const SECTION = 'Communication 1.5.2 multipart/mixed';
const invalid = (problem: string) => new HttpError(400, 'invalid-attachment', `${problem} (${SECTION})`);

const ALGORITHMS: Record<number, string> = { 64: 'sha256', 96: 'sha384', 128: 'sha512' };
export const sha2Of = (content: Buffer, hexLength: number): string => createHash(ALGORITHMS[hexLength] ?? 'sha256').update(content).digest('hex');

export interface AttachmentContent {
  sha2: string;
  contentType: string;
  content: Buffer;
}

/** The first part's statements JSON and the attachment parts, checked against each other. */
export function splitParts(parts: Part[]): { json: unknown; parts: Part[] } {
  const [first, ...rest] = parts;
  if (!first || !/^application\/json\b/i.test(first.headers['content-type'] ?? '')) throw invalid('the first part must be the statements with Content-Type: application/json');
  let json: unknown;
  try {
    json = JSON.parse(first.body.toString('utf8'));
  } catch {
    throw invalid('the first part is not valid JSON');
  }
  return { json, parts: rest };
}

/** Every declared attachment without fileUrl has a part, every part belongs to a declared attachment, and each part's bytes hash to its SHA-2. */
export function matchAttachments(declared: Attachment[], parts: Part[]): AttachmentContent[] {
  const bySha = new Map<string, AttachmentContent>();
  for (const [i, part] of parts.entries()) {
    const hash = part.headers['x-experience-api-hash']?.toLowerCase();
    if (!hash) throw invalid(`attachment part ${i + 1} has no X-Experience-API-Hash header`);
    if ((part.headers['content-transfer-encoding'] ?? '').toLowerCase() !== 'binary') throw invalid(`attachment part ${i + 1} needs Content-Transfer-Encoding: binary`);
    const actual = sha2Of(part.body, hash.length);
    if (actual !== hash) throw invalid(`attachment part ${i + 1}: its content hashes to ${actual}, not to its X-Experience-API-Hash ${hash}`);
    bySha.set(hash, { sha2: hash, contentType: part.headers['content-type'] ?? 'application/octet-stream', content: part.body });
  }
  const declaredShas = new Set(declared.map((a) => a.sha2.toLowerCase()));
  for (const hash of bySha.keys()) if (!declaredShas.has(hash)) throw invalid(`attachment part with hash ${hash} matches no attachment of the statements`);
  for (const a of declared) {
    if (a.fileUrl === undefined && !bySha.has(a.sha2.toLowerCase())) {
      throw invalid(`attachment ${a.sha2} has no fileUrl and no part carries it: send its bytes as a part with X-Experience-API-Hash: ${a.sha2}`);
    }
  }
  return [...bySha.values()];
}

export async function storeAttachments(db: Queryable, attachments: AttachmentContent[]): Promise<void> {
  if (attachments.length === 0) return;
  await db.query(
    `INSERT INTO xapi_attachments (sha2, content_type, content)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[]) ON CONFLICT (sha2) DO NOTHING`,
    [attachments.map((a) => a.sha2), attachments.map((a) => a.contentType), attachments.map((a) => a.content)],
  );
}

export async function loadAttachments(db: Queryable, shas: string[]): Promise<AttachmentContent[]> {
  if (shas.length === 0) return [];
  const r = await db.query<{ sha2: string; content_type: string; content: Uint8Array }>('SELECT sha2, content_type, content FROM xapi_attachments WHERE sha2 = ANY($1::text[])', [shas]);
  return r.rows.map((row) => ({ sha2: row.sha2, contentType: row.content_type, content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) }));
}
