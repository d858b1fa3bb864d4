import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLrsKey } from '../../server/admin';
import { parseMultipart } from '../../server/xapi/multipart';
import { startTestServer, XAPI, type TestServer } from './helpers';

/** Attachments (Data 2.4.11, Communication 1.5.2) and signed statements (Data 2.6). */

let s: TestServer;
let h: Record<string, string>;
let signer: { key: CryptoKey; x5c: string };
let otherSigner: { key: CryptoKey; x5c: string };

const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const attachment = (content: Buffer, over: Record<string, unknown> = {}) => ({
  usageType: 'http://example.com/usage/certificate',
  display: { en: 'Certificate' },
  contentType: 'text/plain',
  length: content.length,
  sha2: sha256(content),
  ...over,
});
const statement = (attachments: object[] = []) => ({
  id: randomUUID(),
  actor: { mbox: 'mailto:ana@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
  object: { id: 'http://example.com/activities/a1' },
  ...(attachments.length ? { attachments } : {}),
});

function multipart(json: unknown, parts: { content: Buffer; hash?: string; type?: string; encoding?: string }[]) {
  const boundary = 'b0und4ry';
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`)];
  for (const p of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Type: ${p.type ?? 'text/plain'}\r\nContent-Transfer-Encoding: ${p.encoding ?? 'binary'}\r\nX-Experience-API-Hash: ${p.hash ?? sha256(p.content)}\r\n\r\n`),
      p.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/mixed; boundary=${boundary}` };
}

const send = (method: 'POST' | 'PUT', json: unknown, parts: Parameters<typeof multipart>[1], query = '') => {
  const { payload, contentType } = multipart(json, parts);
  return s.app.inject({ method, url: `/xapi/statements${query}`, headers: { ...h, 'content-type': contentType }, payload });
};

/** A self-signed certificate and its key, made by openssl once for the file (2048-bit: jose refuses smaller RSA keys). */
async function makeSigner(): Promise<{ key: CryptoKey; x5c: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'xapi-sign-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=xapi-test', '-days', '1'], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'c.pem'), 'utf8');
    return { key: await importPKCS8(readFileSync(join(dir, 'k.pem'), 'utf8'), 'RS256'), x5c: cert.replace(/-----[^-]+-----|\s/g, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sign = (payload: object, by: { key: CryptoKey; x5c: string }, withX5c = true) =>
  new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256', ...(withX5c ? { x5c: [by.x5c] } : {}) }).sign(by.key);

/** A statement and its signature attachment part. */
async function signed(tamper?: (st: Record<string, unknown>) => void, by = signer) {
  const st: Record<string, unknown> = statement();
  const payload = { ...st };
  tamper?.(payload);
  const jws = Buffer.from(await sign(payload, by));
  return { json: { ...st, attachments: [attachment(jws, { usageType: SIGNATURE, contentType: 'application/octet-stream' })] }, parts: [{ content: jws, type: 'application/octet-stream' }] };
}

beforeAll(async () => {
  s = await startTestServer();
  const { key, secret } = await createLrsKey(s.db, 'attachments', true);
  h = { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, ...XAPI };
  [signer, otherSigner] = await Promise.all([makeSigner(), makeSigner()]);
});
afterAll(() => s.close());

describe('Communication 1.5.2 attachments', () => {
  it('Communication 1.5.2 multipart/mixed POST and PUT store attachments matched by SHA-2; GET attachments=true returns them as multipart', async () => {
    const file = Buffer.from(`certificate ${randomUUID()}`);
    const st = statement([attachment(file)]);
    const res = await send('POST', [st], [{ content: file }]);
    expect(res.statusCode, res.body).toBe(200);
    const putFile = Buffer.from(`other ${randomUUID()}`);
    const { id, ...putBody } = statement([attachment(putFile)]);
    expect((await send('PUT', putBody, [{ content: putFile }], `?statementId=${id}`)).statusCode).toBe(204);

    const got = await s.app.inject({ url: `/xapi/statements?statementId=${st.id}&attachments=true`, headers: h });
    expect(got.statusCode).toBe(200);
    const contentType = String(got.headers['content-type']);
    expect(contentType).toMatch(/^multipart\/mixed; boundary=/);
    const [json, part] = parseMultipart(got.rawPayload, contentType);
    expect(JSON.parse(json.body.toString()).id).toBe(st.id);
    expect(part.headers['x-experience-api-hash']).toBe(sha256(file));
    expect(part.body.equals(file)).toBe(true);
    const plain = await s.app.inject({ url: `/xapi/statements?statementId=${st.id}`, headers: h });
    expect(plain.json().attachments[0].sha2).toBe(sha256(file));
  });

  it('Communication 1.5.2 a part that does not hash to its header, a part no statement declares, or a missing part is 400', async () => {
    const file = Buffer.from('bytes');
    const wrongHash = await send('POST', [statement([attachment(file)])], [{ content: file, hash: sha256('other') }]);
    expect(wrongHash.statusCode).toBe(400);
    expect(wrongHash.json().message).toMatch(/hashes to .*Communication 1\.5\.2/);
    expect((await send('POST', [statement([attachment(file)])], [{ content: file }, { content: Buffer.from('extra') }])).statusCode).toBe(400);
    expect((await send('POST', [statement([attachment(file)])], [])).statusCode).toBe(400);
    expect((await send('POST', [statement([attachment(file)])], [{ content: file, encoding: 'base64' }])).statusCode).toBe(400);
    const jsonOnly = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: h, payload: statement([attachment(file)]) });
    expect(jsonOnly.statusCode).toBe(400);
  });

  it('Data 2.4.11 an attachment with fileUrl needs no part', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: h, payload: statement([attachment(Buffer.from('remote'), { fileUrl: 'http://example.com/cert.pdf' })]) });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('Data 2.6 signed statements', () => {
  it('Data 2.6 a statement signed with an x5c certificate is stored', async () => {
    const { json, parts } = await signed();
    const res = await send('POST', json, parts);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('Data 2.6 a payload that differs from the statement, a signature by another key, or HS256 is 400', async () => {
    const tampered = await signed((p) => (p.verb = { id: 'http://adlnet.gov/expapi/verbs/passed' }));
    const res = await send('POST', tampered.json, tampered.parts);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/payload differs.*Data 2\.6/);

    const st = statement();
    const forged = Buffer.from((await sign(st, otherSigner, false)).replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: 'RS256', x5c: [signer.x5c] })).toString('base64url')));
    const wrongKey = await send('POST', { ...st, attachments: [attachment(forged, { usageType: SIGNATURE, contentType: 'application/octet-stream' })] }, [{ content: forged, type: 'application/octet-stream' }]);
    expect(wrongKey.statusCode).toBe(400);
    expect(wrongKey.json().message).toMatch(/does not verify/);

    const hs = Buffer.from(`${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(st)).toString('base64url')}.c2ln`);
    const hsRes = await send('POST', { ...st, attachments: [attachment(hs, { usageType: SIGNATURE, contentType: 'application/octet-stream' })] }, [{ content: hs, type: 'application/octet-stream' }]);
    expect(hsRes.statusCode).toBe(400);
    expect(hsRes.json().message).toMatch(/RS256/);
  });
});
