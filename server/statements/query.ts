import { z } from 'zod';
import { findUnstorableJson, unstorableTextProblem } from '../../common/xapi/storable-json';
import { agentSchema, identifiedGroupSchema, isoTimestamp } from '../../common/xapi/statement';
import { STATEMENT_FORMATS, type StatementFormat } from '../../common/xapi/format';
import { HttpError } from '../errors';
import { actorKey } from './index-columns';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** A statements query after parsing; also what the opaque `more` cursor carries (plus `after`). */
export const statementFilter = z.object({
  agent: z.string().nullable(),
  verb: z.string().nullable(),
  activity: z.string().nullable(),
  registration: z.string().nullable(),
  relatedAgents: z.boolean(),
  relatedActivities: z.boolean(),
  since: z.iso.datetime({ offset: true }).nullable(),
  until: z.iso.datetime({ offset: true }).nullable(),
  limit: z.number().int().min(1).max(MAX_LIMIT),
  ascending: z.boolean(),
  format: z.enum(STATEMENT_FORMATS),
  attachments: z.boolean(),
  /** seq of the last statement already returned. */
  after: z.number().int().nullable(),
});
export type StatementFilter = z.infer<typeof statementFilter>;

/** GET /xapi/statements: one statement by id (or a voided one by voidedStatementId), or a filtered list. */
export type StatementQuery =
  | { kind: 'one'; id: string; voided: boolean; format: StatementFormat; attachments: boolean }
  | { kind: 'list'; filter: StatementFilter };

const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');
const uuidParam = z.uuid('expected a UUID').transform((v) => v.toLowerCase());
const SINGLE = 'Communication 2.1.3 GET Statements';

const listParams = z
  .object({
    agent: z.string().optional(),
    verb: z.string().optional(),
    activity: z.string().optional(),
    registration: uuidParam.optional(),
    related_activities: booleanParam.optional(),
    related_agents: booleanParam.optional(),
    since: isoTimestamp.optional(),
    until: isoTimestamp.optional(),
    limit: z.string().regex(/^\d+$/, 'expected a whole number (0 for the server maximum)').transform(Number).optional(),
    ascending: booleanParam.optional(),
    format: z.enum(STATEMENT_FORMATS).optional(),
    attachments: booleanParam.optional(),
  })
  .strict();

const singleParams = z
  .object({ statementId: uuidParam.optional(), voidedStatementId: uuidParam.optional(), format: z.enum(STATEMENT_FORMATS).optional(), attachments: booleanParam.optional() })
  .strict();

function invalid(param: string, problem: string): HttpError {
  return new HttpError(400, 'invalid-query', `query parameter ${param}: ${problem}`);
}

function firstIssue(err: z.ZodError, allowed: string[]): HttpError {
  const issue = err.issues[0];
  if (issue.code === 'unrecognized_keys') {
    return invalid(issue.keys.join(', '), `not a parameter of this request; the parameters are ${allowed.join(', ')}, spelled exactly so (case matters) (${SINGLE})`);
  }
  return invalid(String(issue.path[0] ?? '?'), issue.message);
}

function singleValues(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [param, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw invalid(param, 'given more than once: send each parameter once');
    const problem = unstorableTextProblem(value);
    if (problem) throw invalid(param, problem);
    out[param] = value;
  }
  return out;
}

/** The `agent` parameter (an Agent or identified Group as JSON) -> its key. */
function agentParam(value: string): string {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw invalid('agent', 'must be an Agent as JSON, e.g. {"account":{"homePage":"https://learn.example.com","name":"E1001"}}');
  }
  const a = z.union([agentSchema, identifiedGroupSchema]).safeParse(json);
  if (!a.success) throw invalid('agent', a.error.issues[0].message);
  return actorKey(a.data)!;
}

/** GET /xapi/statements query -> what to return; `more` (when present) replaces every other parameter. */
export function parseStatementQuery(query: Record<string, unknown>): StatementQuery {
  const params = singleValues(query);
  if (params.more !== undefined) {
    if (Object.keys(params).length > 1) throw invalid('more', 'comes alone: request the more URL exactly as it was returned');
    return { kind: 'list', filter: decodeMore(params.more) };
  }
  if (params.statementId !== undefined || params.voidedStatementId !== undefined) {
    const parsed = singleParams.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (issue.code === 'unrecognized_keys') {
        throw invalid(issue.keys.join(', '), `not allowed with statementId or voidedStatementId: only attachments and format may come with them (${SINGLE})`);
      }
      throw firstIssue(parsed.error, Object.keys(singleParams.shape));
    }
    const q = parsed.data;
    if (q.statementId !== undefined && q.voidedStatementId !== undefined) throw invalid('statementId', `send statementId or voidedStatementId, not both (${SINGLE})`);
    return { kind: 'one', id: (q.statementId ?? q.voidedStatementId)!, voided: q.voidedStatementId !== undefined, format: q.format ?? 'exact', attachments: q.attachments ?? false };
  }
  const parsed = listParams.safeParse(params);
  if (!parsed.success) throw firstIssue(parsed.error, [...Object.keys(listParams.shape), 'statementId', 'voidedStatementId', 'more']);
  const q = parsed.data;
  return {
    kind: 'list',
    filter: {
      agent: q.agent === undefined ? null : agentParam(q.agent),
      verb: q.verb ?? null,
      activity: q.activity ?? null,
      registration: q.registration ?? null,
      relatedAgents: q.related_agents ?? false,
      relatedActivities: q.related_activities ?? false,
      since: q.since ?? null,
      until: q.until ?? null,
      limit: q.limit === undefined ? DEFAULT_LIMIT : q.limit === 0 ? MAX_LIMIT : Math.min(q.limit, MAX_LIMIT),
      ascending: q.ascending ?? false,
      format: q.format ?? 'exact',
      attachments: q.attachments ?? false,
      after: null,
    },
  };
}

export function encodeMore(filter: StatementFilter): string {
  return Buffer.from(JSON.stringify(filter)).toString('base64url');
}

export function decodeMore(token: string): StatementFilter {
  let filter: StatementFilter | null = null;
  try {
    filter = statementFilter.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    // reported below
  }
  // a forged cursor is as untrusted as any query: its strings must be storable text too
  if (!filter || findUnstorableJson(filter)) throw invalid('more', 'not a cursor this server issued: use the `more` value of the previous response unchanged');
  return filter;
}

/** The account name of an authority this server writes (it overwrites every statement's authority). */
const AUTHORITY_NAME = /^account\|[^|]*\|((?:terminal|lrs|admin):.+)$/;

/** WHERE clause and parameters for a filter; siteId restricts a terminal to its own site. Voided statements never match. */
export function filterSql(filter: StatementFilter, siteId: string | null): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = ['voided_by IS NULL'];
  const add = (sql: string, ...values: unknown[]) => {
    let out = sql;
    for (const value of values) {
      params.push(value);
      out = out.replace('?', `$${params.length}`);
    }
    conditions.push(out);
  };
  if (siteId !== null) add('site_id = ?', siteId);
  if (filter.agent !== null) {
    if (!filter.relatedAgents) add('(actor_key = ? OR object_agent_key = ?)', filter.agent, filter.agent);
    else {
      const authority = AUTHORITY_NAME.exec(filter.agent)?.[1];
      const byAuthority = authority === undefined ? '' : ` OR statement->'authority'->'account'->>'name' = ?`;
      add(`(actor_key = ? OR object_agent_key = ? OR ? = ANY(related_agents)${byAuthority})`, filter.agent, filter.agent, filter.agent, ...(authority === undefined ? [] : [authority]));
    }
  }
  if (filter.verb !== null) add('verb_id = ?', filter.verb);
  if (filter.activity !== null) add(filter.relatedActivities ? '(activity_id = ? OR ? = ANY(related_activities))' : 'activity_id = ?', ...(filter.relatedActivities ? [filter.activity, filter.activity] : [filter.activity]));
  if (filter.registration !== null) add('registration = ?::uuid', filter.registration);
  if (filter.since !== null) add('stored > ?::timestamptz', filter.since);
  if (filter.until !== null) add('stored <= ?::timestamptz', filter.until);
  if (filter.after !== null) add(filter.ascending ? 'seq > ?' : 'seq < ?', filter.after);
  return { where: `WHERE ${conditions.join(' AND ')}`, params };
}
