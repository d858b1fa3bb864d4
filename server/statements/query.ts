import { z } from 'zod';
import { findUnstorableJson, unstorableTextProblem } from '../../common/xapi/storable-json';
import { agentSchema, type Statement } from '../../common/xapi/statement';
import { HttpError } from '../errors';

/** The key statements are filtered by agent on: the agent's one inverse functional identifier. */
export function actorKey(actor: Statement['actor'] | z.infer<typeof agentSchema>): string | null {
  if (actor.account) return `account|${actor.account.homePage}|${actor.account.name}`;
  if (actor.mbox) return `mbox|${actor.mbox.toLowerCase()}`;
  if (actor.mbox_sha1sum) return `mbox_sha1sum|${actor.mbox_sha1sum.toLowerCase()}`;
  if (actor.openid) return `openid|${actor.openid}`;
  return null;
}

export function activityId(object: Statement['object']): string | null {
  return !('objectType' in object) || object.objectType === undefined || object.objectType === 'Activity' ? (object as { id: string }).id : null;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** A statements query after parsing; also what the opaque `more` cursor carries (plus `after`). */
export const statementFilter = z.object({
  agent: z.string().nullable(),
  verb: z.string().nullable(),
  activity: z.string().nullable(),
  since: z.iso.datetime({ offset: true }).nullable(),
  until: z.iso.datetime({ offset: true }).nullable(),
  limit: z.number().int().min(1).max(MAX_LIMIT),
  ascending: z.boolean(),
  /** seq of the last statement already returned. */
  after: z.number().int().nullable(),
});
export type StatementFilter = z.infer<typeof statementFilter>;

const timestampParam = z.iso.datetime({ offset: true });
const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

const rawQuery = z.object({
  agent: z.string().optional(),
  verb: z.string().optional(),
  activity: z.string().optional(),
  since: timestampParam.optional(),
  until: timestampParam.optional(),
  limit: z.coerce.number().int().min(0).optional(),
  ascending: booleanParam.optional(),
  format: z.enum(['ids', 'exact', 'canonical']).optional(),
  attachments: z.literal('false').optional(),
  related_activities: z.literal('false', { error: 'related_activities=true is not supported by this LRS' }).optional(),
  related_agents: z.literal('false', { error: 'related_agents=true is not supported by this LRS' }).optional(),
});

function invalid(param: string, problem: string): HttpError {
  return new HttpError(400, 'invalid-query', `query parameter ${param}: ${problem}`);
}

/** GET /xapi/statements query -> filter; `more` (when present) replaces every other parameter. */
export function parseStatementQuery(query: Record<string, unknown>): StatementFilter {
  for (const [param, value] of Object.entries(query)) {
    const problem = typeof value === 'string' ? unstorableTextProblem(value) : null;
    if (problem) throw invalid(param, problem);
  }
  if (typeof query.more === 'string') return decodeMore(query.more);
  const { statementId: _id, voidedStatementId, more: _more, ...rest } = query;
  if (voidedStatementId !== undefined) throw invalid('voidedStatementId', 'voiding is not supported by this LRS');
  const parsed = rawQuery.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(String(issue.path[0] ?? '?'), issue.message);
  }
  const q = parsed.data;
  let agent: string | null = null;
  if (q.agent !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(q.agent);
    } catch {
      throw invalid('agent', 'must be an Agent as JSON, e.g. {"account":{"homePage":"https://learn.example.com","name":"E1001"}}');
    }
    const a = agentSchema.safeParse(json);
    if (!a.success) throw invalid('agent', a.error.issues[0].message);
    agent = actorKey(a.data);
  }
  return {
    agent,
    verb: q.verb ?? null,
    activity: q.activity ?? null,
    since: q.since ?? null,
    until: q.until ?? null,
    limit: q.limit === undefined ? DEFAULT_LIMIT : q.limit === 0 ? MAX_LIMIT : Math.min(q.limit, MAX_LIMIT),
    ascending: q.ascending ?? false,
    after: null,
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

/** WHERE clause and parameters for a filter; siteId restricts a terminal to its own site. */
export function filterSql(filter: StatementFilter, siteId: string | null): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (siteId !== null) add('site_id = ?', siteId);
  if (filter.agent !== null) add('actor_key = ?', filter.agent);
  if (filter.verb !== null) add('verb_id = ?', filter.verb);
  if (filter.activity !== null) add('activity_id = ?', filter.activity);
  if (filter.since !== null) add('stored > ?::timestamptz', filter.since);
  if (filter.until !== null) add('stored <= ?::timestamptz', filter.until);
  if (filter.after !== null) add(filter.ascending ? 'seq > ?' : 'seq < ?', filter.after);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
