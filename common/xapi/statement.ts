import { z } from 'zod';
import { findUnstorableJson } from './storable-json';

/**
 * xAPI 1.0.3 Statement, as this LRS accepts it. Objects are strict because the spec says an LRS
 * rejects a statement with properties it does not know (a typo must not be stored silently). Each
 * rule names its section of the spec (xAPI-Data.md), so a client's developer can look it up.
 */

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

const iri = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'expected an absolute IRI such as http://adlnet.gov/expapi/verbs/completed');

/** RFC 5646 language tag (langtag, private use or the irregular i- tags); case-insensitive. */
const LANGUAGE_TAG =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[\da-wyz](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+|i-[a-z]{2,8})$/i;
export const languageTag = z.string().regex(LANGUAGE_TAG, 'expected an RFC 5646 language tag such as en, de-AT or zh-Hans-CN (Data 4.2 Language Maps)');
const languageMap = z.record(languageTag, z.string());

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, 'expected a UUID (RFC 4122)');

/** ISO 8601 with a time zone; `-00:00` means "offset unknown" in RFC 3339, which the spec forbids. */
export const isoTimestamp = z.iso
  .datetime({ offset: true, local: false, error: 'expected an ISO 8601 timestamp with a time zone, e.g. 2026-11-25T14:00:00.000Z (Data 4.5 ISO 8601 Timestamps)' })
  .refine((t) => !/-00:?00$/.test(t), 'the offset -00:00 is not allowed: use Z or +00:00 (Data 4.5 ISO 8601 Timestamps)');

/** Weeks stand alone in ISO 8601 (P3W); they do not combine with the other units. */
const isoDuration = z
  .string()
  .regex(
    /^P(?:\d+(?:\.\d+)?W|(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$/,
    'expected an ISO 8601 duration such as PT1M30.5S; weeks (P2W) do not combine with other units (Data 4.6 ISO 8601 Durations)',
  );
const extensions = z.record(iri, z.unknown());

const account = z.object({ homePage: iri, name: z.string().min(1) }).strict();

/** Inverse functional identifier fields; an Agent needs exactly one of them. */
const ifiFields = {
  mbox: z.string().regex(/^mailto:[^@\s]+@[^@\s]+$/, 'expected mailto:name@example.com').optional(),
  mbox_sha1sum: z.string().regex(/^[0-9a-f]{40}$/i, 'expected a hex SHA-1').optional(),
  openid: iri.optional(),
  account: account.optional(),
};
type IfiHolder = { mbox?: string; mbox_sha1sum?: string; openid?: string; account?: unknown };
// counted without building a list: it runs for every agent of every statement stored
const ifiCount = (a: IfiHolder) => (a.mbox !== undefined ? 1 : 0) + (a.mbox_sha1sum !== undefined ? 1 : 0) + (a.openid !== undefined ? 1 : 0) + (a.account !== undefined ? 1 : 0);

export const agentSchema = z
  .object({ objectType: z.literal('Agent').optional(), name: z.string().optional(), ...ifiFields })
  .strict()
  .refine((a) => ifiCount(a) === 1, { message: 'an Agent needs exactly one of mbox, mbox_sha1sum, openid, account (Data 2.4.2.1 Agent)' });

const groupFields = z.object({ objectType: z.literal('Group'), name: z.string().optional(), member: z.array(agentSchema).optional(), ...ifiFields }).strict();

const groupSchema = groupFields.refine((g) => ifiCount(g) <= 1 && (ifiCount(g) === 1 || (g.member?.length ?? 0) > 0), {
  message: 'a Group needs one identifier (mbox, mbox_sha1sum, openid, account) or a non-empty member list (Data 2.4.2.2 Group)',
});

/** A Group with an identifier: what the `agent` query parameter may name besides an Agent. */
export const identifiedGroupSchema = groupFields.refine((g) => ifiCount(g) === 1, { message: 'a Group in a query needs one identifier (Data 2.4.2.2 Group)' });

export const actorSchema = z.union([agentSchema, groupSchema]);

/** The authority is an Agent, or an OAuth pair: an anonymous Group of exactly two Agents. */
const authoritySchema = z.union([
  agentSchema,
  groupFields.refine((g) => ifiCount(g) === 0 && g.member?.length === 2, {
    message: 'an authority is an Agent or an anonymous Group of exactly two Agents (Data 2.4.9 Authority)',
  }),
]);

export const verbSchema = z.object({ id: iri, display: languageMap.optional() }).strict();

const interactionComponent = z.object({ id: z.string().min(1), description: languageMap.optional() }).strict();

const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'] as const;
/** Which component lists each interaction type may carry (Data 2.4.4.1, Interaction Components). */
const COMPONENT_LISTS = Object.entries({ choices: ['choice', 'sequencing'], scale: ['likert'], source: ['matching'], target: ['matching'], steps: ['performance'] } as const) as [
  'choices' | 'scale' | 'source' | 'target' | 'steps',
  readonly string[],
][];

const activityDefinition = z
  .object({
    name: languageMap.optional(),
    description: languageMap.optional(),
    type: iri.optional(),
    moreInfo: iri.optional(),
    extensions: extensions.optional(),
    interactionType: z.enum(INTERACTION_TYPES).optional(),
    correctResponsesPattern: z.array(z.string()).optional(),
    choices: z.array(interactionComponent).optional(),
    scale: z.array(interactionComponent).optional(),
    source: z.array(interactionComponent).optional(),
    target: z.array(interactionComponent).optional(),
    steps: z.array(interactionComponent).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.interactionType === undefined && d.correctResponsesPattern !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['correctResponsesPattern'], message: 'allowed only with an interactionType (Data 2.4.4.1 Interaction Activities)' });
    }
    for (const [list, types] of COMPONENT_LISTS) {
      if (d[list] === undefined) continue;
      if (d.interactionType === undefined) {
        ctx.addIssue({ code: 'custom', path: [list], message: 'allowed only with an interactionType (Data 2.4.4.1 Interaction Activities)' });
      } else if (!types.includes(d.interactionType)) {
        ctx.addIssue({ code: 'custom', path: [list], message: `not a component of interactionType ${d.interactionType}: ${list} belongs to ${types.join(', ')} (Data 2.4.4.1 Interaction Components)` });
      }
    }
  });

export const activitySchema = z.object({ objectType: z.literal('Activity').optional(), id: iri, definition: activityDefinition.optional() }).strict();
const statementRef = z.object({ objectType: z.literal('StatementRef'), id: uuid }).strict();

const scoreSchema = z
  .object({ scaled: z.number().min(-1).max(1).optional(), raw: z.number().optional(), min: z.number().optional(), max: z.number().optional() })
  .strict()
  .superRefine((s, ctx) => {
    if (s.min !== undefined && s.max !== undefined && !(s.min < s.max)) ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${s.min}) must be less than max (${s.max}) (Data 2.4.5.1 Score)` });
    if (s.raw !== undefined && s.min !== undefined && s.raw < s.min) ctx.addIssue({ code: 'custom', path: ['raw'], message: `raw (${s.raw}) is below min (${s.min}) (Data 2.4.5.1 Score)` });
    if (s.raw !== undefined && s.max !== undefined && s.raw > s.max) ctx.addIssue({ code: 'custom', path: ['raw'], message: `raw (${s.raw}) is above max (${s.max}) (Data 2.4.5.1 Score)` });
  });

export const resultSchema = z
  .object({
    score: scoreSchema.optional(),
    success: z.boolean().optional(),
    completion: z.boolean().optional(),
    response: z.string().optional(),
    duration: isoDuration.optional(),
    extensions: extensions.optional(),
  })
  .strict();

/** One context activity or a list; stored and returned as a list, as the spec requires (Data 2.4.6.2). */
const contextActivityList = z.union([activitySchema.transform((a) => [a]), z.array(activitySchema)]);
const contextActivities = z
  .object({ parent: contextActivityList.optional(), grouping: contextActivityList.optional(), category: contextActivityList.optional(), other: contextActivityList.optional() })
  .strict();

export const contextSchema = z
  .object({
    registration: uuid.optional(),
    instructor: actorSchema.optional(),
    team: groupSchema.optional(),
    contextActivities: contextActivities.optional(),
    revision: z.string().optional(),
    platform: z.string().optional(),
    language: languageTag.optional(),
    statement: statementRef.optional(),
    extensions: extensions.optional(),
  })
  .strict();

type Context = z.infer<typeof contextSchema>;

export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';

/** An attachment's metadata; its bytes travel as a multipart part with the same SHA-2, or at fileUrl (Data 2.4.11). */
export const attachmentSchema = z
  .object({
    usageType: iri,
    display: languageMap,
    description: languageMap.optional(),
    contentType: z.string().min(1),
    length: z.number().int().min(0),
    sha2: z.string().regex(/^([0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i, 'expected the hex SHA-256, SHA-384 or SHA-512 of the attachment (Data 2.4.11 Attachments)'),
    fileUrl: iri.optional(),
  })
  .strict();
export type Attachment = z.infer<typeof attachmentSchema>;

/** Rules across properties that a statement and a SubStatement share. */
function checkStatementRules(s: { verb: { id: string }; object: { objectType?: string }; context?: Context }, ctx: z.RefinementCtx): void {
  const isActivity = s.object.objectType === undefined || s.object.objectType === 'Activity';
  for (const field of ['revision', 'platform'] as const) {
    if (s.context?.[field] !== undefined && !isActivity) {
      ctx.addIssue({ code: 'custom', path: ['context', field], message: `allowed only when the object is an Activity (Data 2.4.6 Context)` });
    }
  }
  if (s.verb.id === VOIDED_VERB && s.object.objectType !== 'StatementRef') {
    ctx.addIssue({ code: 'custom', path: ['object'], message: 'a voiding statement (verb voided) must have a StatementRef object naming the statement it voids (Data 2.3.2 Voided)' });
  }
}

const subStatement = z
  .object({
    objectType: z.literal('SubStatement'),
    actor: actorSchema,
    verb: verbSchema,
    object: z.union([activitySchema, agentSchema.and(z.object({ objectType: z.literal('Agent') })), groupSchema, statementRef]),
    result: resultSchema.optional(),
    context: contextSchema.optional(),
    timestamp: isoTimestamp.optional(),
  })
  .strict()
  .superRefine(checkStatementRules);

const statementObject = z.union([activitySchema, statementRef, subStatement, groupSchema, agentSchema.and(z.object({ objectType: z.literal('Agent') }))]);

export const statementSchema = z
  .object({
    id: uuid.optional(),
    actor: actorSchema,
    verb: verbSchema,
    object: statementObject,
    result: resultSchema.optional(),
    context: contextSchema.optional(),
    timestamp: isoTimestamp.optional(),
    /** Set by the LRS; accepted from clients (and then overwritten) so a fetched statement can be re-posted. */
    stored: isoTimestamp.optional(),
    authority: authoritySchema.optional(),
    version: z.string().regex(/^1\.0(\.\d+)?$/, 'expected an xAPI version 1.0.x (Data 2.4.10 Version)').optional(),
    attachments: z.array(attachmentSchema).optional(),
  })
  .strict()
  .superRefine((statement, ctx) => {
    checkStatementRules(statement, ctx);
    const problem = findUnstorableJson(statement);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

let compiled: typeof statementSchema | undefined;

/**
 * statementSchema compiled by zod into generated code (z.compile), for the ingest path: it accepts
 * and returns exactly what statementSchema does, and a statement it refuses is parsed again by the
 * runtime parser, so the errors are the same too; a valid statement allocates about a third. Compiling
 * takes a few hundred milliseconds of CPU, so it is done at the first statement, not at start-up.
 */
export function compiledStatementSchema(): typeof statementSchema {
  return (compiled ??= z.compile(statementSchema));
}

export type Statement = z.infer<typeof statementSchema>;
export type Agent = z.infer<typeof agentSchema>;
export type Activity = z.infer<typeof activitySchema>;
