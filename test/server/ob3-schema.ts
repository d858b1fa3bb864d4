import { z } from 'zod';

/**
 * The parts of the Open Badges 3.0 OpenBadgeCredential JSON schema (1EdTech, ob_v3p0_achievementcredential_schema.json)
 * that our credentials use, written as zod because the official schema file is not available
 * offline here. Required fields and value constraints follow the OB 3.0 spec's data model
 * (section B.1): @context starts with the VCDM 2.0 context then the OB 3.0 context, type
 * includes VerifiableCredential and OpenBadgeCredential, issuer is a Profile with an id,
 * credentialSubject is an AchievementSubject with an id or identifier and an Achievement with
 * id, type, name, description and criteria (id or narrative).
 */
const uri = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'must be a URI');
const dateTime = z.iso.datetime({ offset: true });
const typeIncludes = (name: string) => z.union([z.literal(name), z.array(z.string()).refine((t) => t.includes(name), `type must include ${name}`)]);

const identityObject = z.object({
  type: z.literal('IdentityObject'),
  hashed: z.boolean(),
  identityHash: z.string(),
  identityType: z.string(),
  salt: z.string().optional(),
});

const alignment = z.object({
  type: typeIncludes('Alignment'),
  targetName: z.string(),
  targetUrl: uri,
  targetCode: z.string().optional(),
  targetDescription: z.string().optional(),
  targetType: z.string().optional(),
});

const ACHIEVEMENT_TYPES = ['Achievement', 'ApprenticeshipCertificate', 'Assessment', 'Assignment', 'AssociateDegree', 'Award', 'Badge', 'BachelorDegree', 'Certificate', 'CertificateOfCompletion', 'Certification', 'CommunityService', 'Competency', 'Course', 'CoCurricular', 'Degree', 'Diploma', 'DoctoralDegree', 'Fieldwork', 'GeneralEducationDevelopment', 'JourneymanCertificate', 'LearningProgram', 'License', 'Membership', 'ProfessionalDoctorate', 'QualityAssuranceCredential', 'MasterCertificate', 'MasterDegree', 'MicroCredential', 'ResearchDoctorate', 'SecondarySchoolDiploma'] as const;

const achievement = z.object({
  id: uri,
  type: typeIncludes('Achievement'),
  name: z.string(),
  description: z.string(),
  criteria: z.object({ id: uri.optional(), narrative: z.string().optional() }).refine((c) => c.id !== undefined || c.narrative !== undefined, 'criteria needs an id or a narrative'),
  achievementType: z.union([z.enum(ACHIEVEMENT_TYPES), z.string().regex(/^ext:[a-z0-9.-]+$/i)]).optional(),
  alignment: z.array(alignment).optional(),
});

const achievementSubject = z
  .object({
    id: uri.optional(),
    type: typeIncludes('AchievementSubject'),
    identifier: z.array(identityObject).optional(),
    achievement,
  })
  .refine((s) => s.id !== undefined || (s.identifier?.length ?? 0) > 0, 'credentialSubject needs an id or an identifier');

const profile = z.object({ id: uri, type: typeIncludes('Profile'), name: z.string().optional(), url: uri.optional() });

export const openBadgeCredentialSchema = z.object({
  '@context': z
    .array(z.union([z.string(), z.record(z.string(), z.unknown())]))
    .refine((c) => c[0] === 'https://www.w3.org/ns/credentials/v2', 'the first @context must be the VCDM 2.0 context')
    .refine((c) => c.some((x) => typeof x === 'string' && /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context-3\.0\.\d+\.json$/.test(x)), 'the OB 3.0 context must be listed'),
  id: uri,
  type: z.array(z.string()).refine((t) => t.includes('VerifiableCredential') && t.includes('OpenBadgeCredential'), 'type must include VerifiableCredential and OpenBadgeCredential'),
  issuer: profile,
  name: z.string(),
  validFrom: dateTime,
  validUntil: dateTime.optional(),
  credentialSubject: achievementSubject,
  credentialStatus: z.object({
    id: uri.optional(),
    type: z.literal('BitstringStatusListEntry'),
    statusPurpose: z.enum(['revocation', 'suspension']),
    statusListIndex: z.string().regex(/^\d+$/),
    statusListCredential: uri,
  }),
});
