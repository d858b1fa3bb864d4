import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { IssuerIdentity, SigningKey } from './issuer-key';

/**
 * VC-JOSE (W3C Securing Verifiable Credentials using JOSE and COSE): the credential itself is the
 * JWS payload, typ vc+jwt, signed EdDSA (Ed25519); kid names the DID document's verification method.
 */
export async function signCredential(credential: object, key: SigningKey, issuer: IssuerIdentity): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: `${issuer.did}#${key.kid}` })
    .sign(key.privateKey);
}

export type JwsCheck = { ok: true; credential: Record<string, unknown> } | { ok: false; problem: string };

/** Checks the signature against the issuer's published keys; the payload is trusted only after that. */
export async function verifyJws(jws: string, keys: Array<{ kid: string; jwk: JWK }>, issuer: IssuerIdentity): Promise<JwsCheck> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    return { ok: false, problem: 'not a JWS' };
  }
  const key = keys.find((k) => `${issuer.did}#${k.kid}` === kid);
  if (!key) return { ok: false, problem: `signed with a key this issuer does not publish (${String(kid)})` };
  try {
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(key.jwk, 'EdDSA'), { algorithms: ['EdDSA'] });
    if (protectedHeader.typ !== 'vc+jwt') return { ok: false, problem: `JWS typ is ${String(protectedHeader.typ)}, not vc+jwt` };
    const credential = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const issuerId = (credential.issuer as { id?: unknown } | string | undefined);
    if ((typeof issuerId === 'string' ? issuerId : issuerId?.id) !== issuer.did) return { ok: false, problem: 'the credential names another issuer' };
    return { ok: true, credential };
  } catch {
    return { ok: false, problem: 'the signature does not match the credential: it was altered after signing' };
  }
}
