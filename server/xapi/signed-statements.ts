import { compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { statementContentHash } from '../../common/xapi/canonical';
import { SIGNATURE_USAGE, statementSchema, type Statement } from '../../common/xapi/statement';
import { HttpError } from '../errors';
import type { AttachmentContent } from './attachments';

/**
 * Signed statements (Data 2.6): the signature attachment is a JWS (compact serialization) whose
 * payload is the statement as it was before the signature was added. The LRS checks that the
 * payload is that statement (ignoring what an LRS adds: stored, authority, version, and id or
 * timestamp when the payload had none), that the algorithm is RS256/384/512, and, when the JWS
 * header carries an x5c certificate chain, that the signature verifies with its first certificate.
 * Without x5c the LRS has no key to verify with, as the spec allows.
 */

const SECTION = 'Data 2.6 Signed Statements';
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
const invalid = (id: string, problem: string) => new HttpError(400, 'invalid-signature', `statement ${id}: ${problem} (${SECTION})`, { statementIds: [id] });

/** The statement without its signature attachment, as the signer saw it. */
function unsigned(statement: Statement): Statement {
  const attachments = (statement.attachments ?? []).filter((a) => a.usageType !== SIGNATURE_USAGE);
  const { attachments: _all, ...rest } = statement;
  return attachments.length > 0 ? { ...rest, attachments } : rest;
}

export async function verifySignature(id: string, statement: Statement, attachments: AttachmentContent[]): Promise<void> {
  const signatures = (statement.attachments ?? []).filter((a) => a.usageType === SIGNATURE_USAGE);
  if (signatures.length === 0) return;
  if (signatures.length > 1) throw invalid(id, 'has more than one signature attachment');
  const meta = signatures[0];
  if (meta.contentType !== 'application/octet-stream') throw invalid(id, `the signature attachment's contentType must be application/octet-stream, not ${meta.contentType}`);
  const part = attachments.find((a) => a.sha2 === meta.sha2.toLowerCase());
  if (!part) throw invalid(id, 'the signature must be sent as a multipart part, not by fileUrl');
  const jws = part.content.toString('utf8').trim();
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: unknown;
  try {
    header = decodeProtectedHeader(jws);
    payload = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    throw invalid(id, 'the signature is not a JWS in compact serialization with a JSON statement as payload');
  }
  if (!header.alg || !ALGORITHMS.has(header.alg)) throw invalid(id, `the JWS algorithm must be RS256, RS384 or RS512, not ${String(header.alg)}`);
  const signed = statementSchema.safeParse(payload);
  if (!signed.success) throw invalid(id, 'the JWS payload is not a valid statement');
  const expected = unsigned(statement);
  const comparable = (s: Statement, like: Statement) => ({ ...s, id, ...(like.timestamp === undefined ? { timestamp: undefined } : {}) });
  if (statementContentHash(comparable(signed.data, signed.data)) !== statementContentHash(comparable(expected, signed.data))) {
    throw invalid(id, 'the JWS payload differs from the statement it signs');
  }
  if (header.x5c?.[0]) {
    try {
      const key = await importX509(`-----BEGIN CERTIFICATE-----\n${header.x5c[0]}\n-----END CERTIFICATE-----`, header.alg);
      await compactVerify(jws, key);
    } catch {
      throw invalid(id, 'the JWS signature does not verify with the certificate in its x5c header');
    }
  }
}
