import type { Queryable } from '../db/db';
import { getCredential, revokedIndexes } from './credential-store';
import { publicKeys, type IssuerIdentity } from './issuer-key';
import { encodeStatusList, statusBit, STATUS_LIST_BITS } from './status-list';
import { verifyJws } from './vc-jose';

export type VerificationStatus = 'valid' | 'expired' | 'revoked' | 'invalid' | 'not-found';

/** What the public verify page and its JSON show: nothing beyond name, achievement, dates, issuer and status. */
export interface Verification {
  credentialId: string;
  status: VerificationStatus;
  checks: { signature: boolean; notExpired: boolean; notRevoked: boolean };
  /** Why it is not valid, in words. */
  problem: string | null;
  name: string | null;
  achievement: string | null;
  validFrom: string | null;
  validUntil: string | null;
  issuer: { id: string; name: string };
  revokedAt: string | null;
  checkedAt: string;
}

interface SignedFields {
  validFrom?: string;
  validUntil?: string;
  credentialSubject?: { identifier?: Array<{ identityType?: string; hashed?: boolean; identityHash?: string }>; achievement?: { name?: string } };
  credentialStatus?: { statusListIndex?: string; statusListCredential?: string };
}

/**
 * Verifies a stored credential as a third party would: the signature against the published key,
 * the dates and the bit in the revocation status list, all read from the signed payload, so a row
 * edited in the database fails instead of vouching for itself.
 */
export async function verifyCredential(db: Queryable, issuer: IssuerIdentity, id: string, now: Date): Promise<Verification> {
  const base: Verification = {
    credentialId: id,
    status: 'not-found',
    checks: { signature: false, notExpired: false, notRevoked: false },
    problem: 'no credential with this id was issued here',
    name: null,
    achievement: null,
    validFrom: null,
    validUntil: null,
    issuer: { id: issuer.did, name: issuer.name },
    revokedAt: null,
    checkedAt: now.toISOString(),
  };
  const stored = await getCredential(db, id);
  if (!stored) return base;
  const signed = await verifyJws(stored.jws, await publicKeys(db), issuer);
  if (!signed.ok) return { ...base, status: 'invalid', problem: signed.problem };
  const c = signed.credential as SignedFields;
  const fields = {
    name: c.credentialSubject?.identifier?.find((i) => i.identityType === 'name' && !i.hashed)?.identityHash ?? null,
    achievement: c.credentialSubject?.achievement?.name ?? null,
    validFrom: c.validFrom ?? null,
    validUntil: c.validUntil ?? null,
  };
  if (c.credentialStatus?.statusListCredential === undefined || c.credentialStatus.statusListIndex === undefined) {
    return { ...base, ...fields, status: 'invalid', checks: { ...base.checks, signature: true }, problem: 'the credential has no status entry' };
  }
  const list = Math.floor(stored.statusIndex / STATUS_LIST_BITS);
  const revoked = statusBit(encodeStatusList(await revokedIndexes(db, list)), Number(c.credentialStatus.statusListIndex));
  const started = fields.validFrom !== null && Date.parse(fields.validFrom) <= now.getTime();
  const notExpired = started && (fields.validUntil === null || Date.parse(fields.validUntil) > now.getTime());
  const checks = { signature: true, notExpired, notRevoked: !revoked };
  const status: VerificationStatus = revoked ? 'revoked' : notExpired ? 'valid' : 'expired';
  const problem = revoked ? 'the issuer revoked this credential' : !started ? 'the credential is not valid yet' : notExpired ? null : 'the credential expired: the holder is due for recertification';
  return { ...base, ...fields, status, checks, problem, revokedAt: revoked ? stored.revokedAt : null };
}
