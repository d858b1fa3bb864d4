import { randomBytes } from 'node:crypto';
import { HttpError } from '../errors';

/** multipart/mixed bodies (RFC 2046) as the xAPI uses them for attachments (Communication 1.5.2). Pure. */

export interface Part {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

const SECTION = 'Communication 1.5.2 multipart/mixed';
const invalid = (problem: string) => new HttpError(400, 'invalid-multipart', `${problem} (${SECTION})`);
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) throw invalid('the multipart/mixed Content-Type needs a boundary parameter');
  return m[1] ?? m[2];
}

export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw invalid('the body holds no part delimited by the boundary');
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return parts;
    const start = body.indexOf(CRLF, afterDelimiter) + 2;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), start);
    if (start < 2 || next < 0) throw invalid('a part is not closed by the boundary (the body ends with --boundary--)');
    const raw = body.subarray(start, next);
    const headerEnd = raw.indexOf(HEADER_END);
    const headerText = headerEnd < 0 ? raw.toString('latin1') : raw.subarray(0, headerEnd).toString('latin1');
    const headers: Record<string, string> = {};
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: headerEnd < 0 ? Buffer.alloc(0) : raw.subarray(headerEnd + 4) });
    at = next + 2;
  }
}

export function buildMultipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `xapi-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const headers = Object.entries(part.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n`), part.body, CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary=${boundary}` };
}
