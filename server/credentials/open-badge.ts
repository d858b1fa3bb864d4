import { createHash } from 'node:crypto';
import { lessonActivityId } from '../../common/xapi/completion';
import type { IssuerIdentity } from './issuer-key';
import { statusEntry } from './status-list';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

/** A lesson as the credential lists it: the version the worker passed and that version's content hash when known. */
export interface CredentialLesson {
  lessonId: string;
  title: string;
  version: number;
  /** SHA-256 of the lesson file of that version (from its content pack); null when the server never held that version's file. */
  contentHash: string | null;
  passedAt: string;
}

export interface OpenBadgeInput {
  issuer: IssuerIdentity;
  credentialId: string;
  certification: { id: string; name: string; description: string };
  worker: { employeeId: string; name: string };
  validFrom: string;
  validUntil: string | null;
  lessons: CredentialLesson[];
  statusIndex: number;
}

export function verifyUrl(issuer: IssuerIdentity, credentialId: string): string {
  return `${issuer.publicUrl}/verify/${credentialId}`;
}

/**
 * The worker's account as an OB 3.0 identifier: salted and hashed (the employee id is an internal
 * number that a public credential need not reveal), so a holder can still prove it is theirs.
 */
export function accountIdentity(employeeId: string, salt: string) {
  return { type: 'IdentityObject', identityType: 'accountId', hashed: true, salt, identityHash: `sha256$${createHash('sha256').update(employeeId + salt).digest('hex')}` };
}

/** The unsigned OpenBadgeCredential (VCDM 2.0 + OB 3.0) for one worker and one certification. */
export function openBadgeCredential(input: OpenBadgeInput) {
  const { issuer, certification: cert } = input;
  const lessonLines = input.lessons.map((l) => `- ${l.title} (${l.lessonId}, version ${l.version}${l.contentHash ? `, content sha256 ${l.contentHash}` : ''}), passed ${l.passedAt.slice(0, 10)}`);
  const credential = {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `urn:uuid:${input.credentialId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer.did, type: ['Profile'], name: issuer.name, url: issuer.publicUrl },
    name: cert.name,
    validFrom: input.validFrom,
    ...(input.validUntil !== null ? { validUntil: input.validUntil } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [accountIdentity(input.worker.employeeId, input.credentialId), { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.worker.name }],
      achievement: {
        id: `${issuer.publicUrl}/achievements/${encodeURIComponent(cert.id)}`,
        type: ['Achievement'],
        achievementType: 'Certification',
        name: cert.name,
        description: cert.description || `Passed every lesson required for ${cert.name}.`,
        criteria: { narrative: `Pass each of these lessons on a Shiftlearn terminal:\n${lessonLines.join('\n')}` },
        alignment: input.lessons.map((l) => ({
          type: ['Alignment'],
          targetName: l.title,
          targetUrl: lessonActivityId(issuer.publicUrl, l.lessonId),
          targetCode: l.contentHash ? `${l.lessonId}@${l.version}#sha256:${l.contentHash}` : `${l.lessonId}@${l.version}`,
          targetDescription: `version ${l.version}, passed ${l.passedAt}`,
        })),
      },
    },
    credentialStatus: statusEntry(issuer, input.statusIndex),
  };
  return credential;
}
export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;
