import { gunzipSync, gzipSync } from 'node:zlib';
import type { IssuerIdentity } from './issuer-key';

/** W3C Bitstring Status List: at least 16 KB of bits per list, so one revoked bit does not single a person out. */
export const STATUS_LIST_BITS = 131_072;

export function statusListUrl(issuer: IssuerIdentity, list: number): string {
  return `${issuer.publicUrl}/credentials/status/${list}`;
}

/** Where a credential's bit lives. */
export function statusEntry(issuer: IssuerIdentity, statusIndex: number) {
  const list = Math.floor(statusIndex / STATUS_LIST_BITS);
  const index = statusIndex % STATUS_LIST_BITS;
  const url = statusListUrl(issuer, list);
  return { id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: url };
}

/** The list's bits (index 0 is the first byte's most significant bit), GZIP'd, multibase base64url ("u" prefix). */
export function encodeStatusList(setIndexes: Iterable<number>): string {
  const bytes = new Uint8Array(STATUS_LIST_BITS / 8);
  for (const i of setIndexes) bytes[i >> 3] |= 0x80 >> (i & 7);
  return 'u' + gzipSync(bytes).toString('base64url');
}

export function statusBit(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) throw new Error('a status list is multibase base64url, starting with "u"');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (index < 0 || index >= bytes.length * 8) throw new Error(`status index ${index} is outside the list`);
  return (bytes[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/** The unsigned BitstringStatusListCredential for one list (signed like every credential). */
export function statusListCredential(issuer: IssuerIdentity, list: number, revokedIndexes: Iterable<number>, validFrom: Date) {
  const url = statusListUrl(issuer, list);
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuer.did,
    validFrom: validFrom.toISOString(),
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList(revokedIndexes) },
  };
}
