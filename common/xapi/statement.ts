import { z } from 'zod';
import { findUnstorableJson } from './storable-json';

/**
 * xAPI 1.0.3 Statement, as far as this LRS accepts it. Objects are strict because the spec says an
 * LRS rejects a statement with properties it does not know (a typo must not be stored silently).
 * Not supported (rejected with the field named): attachments, because they need multipart bodies.
 */

const iri = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'expected an absolute IRI such as http://adlnet.gov/expapi/verbs/completed');
const languageMap = z.record(z.string().regex(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/, 'expected an RFC 5646 language tag such as en or de-AT'), z.string());
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, 'expected a UUID (RFC 4122)');
const isoTimestamp = z.iso.datetime({ offset: true, local: false, error: 'expected an ISO 8601 timestamp with a time zone, e.g. 2026-11-25T14:00:00.000Z' });
const isoDuration = z
  .string()
  .regex(/^P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/, 'expected an ISO 8601 duration such as PT1M30.5S');
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
const ifiCount = (a: IfiHolder) => [a.mbox, a.mbox_sha1sum, a.openid, a.account].filter((v) => v !== undefined).length;

export const agentSchema = z
  .object({ objectType: z.literal('Agent').optional(), name: z.string().optional(), ...ifiFields })
  .strict()
  .refine((a) => ifiCount(a) === 1, { message: 'an Agent needs exactly one of mbox, mbox_sha1sum, openid, account' });

const groupSchema = z
  .object({ objectType: z.literal('Group'), name: z.string().optional(), member: z.array(agentSchema).optional(), ...ifiFields })
  .strict()
  .refine((g) => ifiCount(g) <= 1 && (ifiCount(g) === 1 || (g.member?.length ?? 0) > 0), {
    message: 'a Group needs one identifier (mbox, mbox_sha1sum, openid, account) or a non-empty member list',
  });

export const actorSchema = z.union([agentSchema, groupSchema]);

export const verbSchema = z.object({ id: iri, display: languageMap.optional() }).strict();

const interactionComponent = z.object({ id: z.string().min(1), description: languageMap.optional() }).strict();

const activityDefinition = z
  .object({
    name: languageMap.optional(),
    description: languageMap.optional(),
    type: iri.optional(),
    moreInfo: iri.optional(),
    extensions: extensions.optional(),
    interactionType: z.enum(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']).optional(),
    correctResponsesPattern: z.array(z.string()).optional(),
    choices: z.array(interactionComponent).optional(),
    scale: z.array(interactionComponent).optional(),
    source: z.array(interactionComponent).optional(),
    target: z.array(interactionComponent).optional(),
    steps: z.array(interactionComponent).optional(),
  })
  .strict();

export const activitySchema = z.object({ objectType: z.literal('Activity').optional(), id: iri, definition: activityDefinition.optional() }).strict();
const statementRef = z.object({ objectType: z.literal('StatementRef'), id: uuid }).strict();

export const resultSchema = z
  .object({
    score: z
      .object({ scaled: z.number().min(-1).max(1).optional(), raw: z.number().optional(), min: z.number().optional(), max: z.number().optional() })
      .strict()
      .optional(),
    success: z.boolean().optional(),
    completion: z.boolean().optional(),
    response: z.string().optional(),
    duration: isoDuration.optional(),
    extensions: extensions.optional(),
  })
  .strict();

const contextActivities = z
  .object({
    parent: z.union([activitySchema, z.array(activitySchema)]).optional(),
    grouping: z.union([activitySchema, z.array(activitySchema)]).optional(),
    category: z.union([activitySchema, z.array(activitySchema)]).optional(),
    other: z.union([activitySchema, z.array(activitySchema)]).optional(),
  })
  .strict();

export const contextSchema = z
  .object({
    registration: uuid.optional(),
    instructor: actorSchema.optional(),
    team: groupSchema.optional(),
    contextActivities: contextActivities.optional(),
    revision: z.string().optional(),
    platform: z.string().optional(),
    language: z.string().optional(),
    statement: statementRef.optional(),
    extensions: extensions.optional(),
  })
  .strict();

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
  .strict();

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
    authority: actorSchema.optional(),
    version: z.string().regex(/^1\.0(\.\d+)?$/, 'expected an xAPI version 1.0.x').optional(),
  })
  .strict()
  .superRefine((statement, ctx) => {
    const problem = findUnstorableJson(statement);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

export type Statement = z.infer<typeof statementSchema>;
export type Agent = z.infer<typeof agentSchema>;
