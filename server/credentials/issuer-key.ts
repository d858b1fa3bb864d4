import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Queryable } from '../db/db';
import { HttpError } from '../errors';

/** The issuer as credentials name it: a did:web identifier under the server's public URL. */
export interface IssuerIdentity {
  publicUrl: string;
  did: string;
  name: string;
}

/** did:web of a URL: host (a port's colon percent-encoded) and then each path segment (did:web spec, section 3.1). */
export function didWebOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(url.host), ...segments].join(':');
}

export function issuerIdentity(publicUrl: string, name?: string): IssuerIdentity {
  const url = publicUrl.replace(/\/+$/, '');
  return { publicUrl: url, did: didWebOf(url), name: name ?? `Shiftlearn at ${new URL(url).host}` };
}

export interface SigningKey {
  /** The JWK thumbprint: the DID document's verification method is `<did>#<kid>`. */
  kid: string;
  privateKey: Awaited<ReturnType<typeof importJWK>>;
  publicJwk: JWK;
}

/** 32-byte key-encryption key from SHIFTLEARN_CREDENTIAL_KEY (base64 or base64url). */
export function parseKeyEncryptionKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error('the credential key must be 32 random bytes in base64 (e.g. from: openssl rand -base64 32)');
  return key;
}

function encrypt(kek: Buffer, plain: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

function decrypt(kek: Buffer, sealed: string, aad: string): string {
  const [format, iv, body, tag] = sealed.split('.');
  if (format !== 'v1') throw new Error(`issuer key stored in unknown format "${format}"`);
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the issuer key cannot be decrypted with this credential key: start the server with the SHIFTLEARN_CREDENTIAL_KEY (or key file) it was set up with');
  }
}

/**
 * The issuer's signing key, generated on first use (server setup) and stored encrypted. Several
 * server processes may start at once: the first insert wins and everyone reads that key.
 */
export async function ensureIssuerKey(db: Queryable, kek: Buffer): Promise<SigningKey> {
  const existing = await loadIssuerKey(db, kek);
  if (existing) return existing;
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  await db.query('INSERT INTO issuer_keys (kid, public_jwk, private_jwk_encrypted) SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM issuer_keys)', [
    kid,
    JSON.stringify(publicJwk),
    encrypt(kek, JSON.stringify(jwk), kid),
  ]);
  const key = await loadIssuerKey(db, kek);
  if (!key) throw new Error('the issuer key was not stored');
  return key;
}

async function loadIssuerKey(db: Queryable, kek: Buffer): Promise<SigningKey | null> {
  const r = await db.query<{ kid: string; public_jwk: JWK; private_jwk_encrypted: string }>('SELECT kid, public_jwk, private_jwk_encrypted FROM issuer_keys ORDER BY created_at DESC LIMIT 1');
  const row = r.rows[0];
  if (!row) return null;
  const jwk = JSON.parse(decrypt(kek, row.private_jwk_encrypted, row.kid)) as JWK;
  return { kid: row.kid, privateKey: await importJWK(jwk, 'EdDSA'), publicJwk: row.public_jwk };
}

/** Every public key the issuer has signed with (verification keeps working for old credentials after a new key). */
export async function publicKeys(db: Queryable): Promise<Array<{ kid: string; jwk: JWK }>> {
  const r = await db.query<{ kid: string; public_jwk: JWK }>('SELECT kid, public_jwk FROM issuer_keys ORDER BY created_at');
  return r.rows.map((row) => ({ kid: row.kid, jwk: row.public_jwk }));
}

export function jwks(keys: Array<{ kid: string; jwk: JWK }>, issuer: IssuerIdentity) {
  return { keys: keys.map((k) => ({ ...k.jwk, kid: `${issuer.did}#${k.kid}`, alg: 'EdDSA', use: 'sig' })) };
}

/** The did:web DID document: the issuer's keys as JsonWebKey verification methods. */
export function didDocument(keys: Array<{ kid: string; jwk: JWK }>, issuer: IssuerIdentity) {
  const methods = keys.map((k) => ({ id: `${issuer.did}#${k.kid}`, type: 'JsonWebKey', controller: issuer.did, publicKeyJwk: k.jwk }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: issuer.did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

export function notConfigured(): HttpError {
  return new HttpError(503, 'credentials-not-configured', 'this server has no credential key, so it cannot sign credentials: start it with SHIFTLEARN_CREDENTIAL_KEY set (see server/README.md, Certificates)');
}
