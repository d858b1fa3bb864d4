import { randomUUID } from 'node:crypto';
import { lessonActivityId } from '../../common/xapi/completion';
import { statementContentHash } from '../../common/xapi/canonical';
import { compiledStatementSchema, type Statement } from '../../common/xapi/statement';
import { revokeCredentialsOfVoided } from '../credentials/voided';
import { copyElseInsert, copyStatements, STATEMENT_COLUMNS } from './copy-statements';
import type { Db, Queryable } from '../db/db';
import { describeZodError, HttpError } from '../errors';
import type { Principal } from '../plugins/auth';
import { summariseStored } from '../summaries/summaries';
import { indexColumns, type StatementIndex } from './index-columns';
import { encodeMore, filterSql, type StatementFilter } from './query';
import { voidTargets } from './voiding';

/** What a statement claims before it is checked against the roster and the site's lessons. */
export interface Claims {
  /** The worker the actor names with this server's canonical homePage. */
  claimedEmployee: string | null;
  /** The lesson a canonical lesson activity id names. */
  claimedLesson: string | null;
}

/** A validated statement ready to store: the row's columns plus its final JSON. */
export interface PreparedStatement extends StatementIndex, Claims {
  id: string;
  statement: Statement;
  hash: string;
  siteId: string | null;
  terminalId: string | null;
  verbId: string;
  /** The worker this statement counts for: set by authorizeWrites only when the writer may speak for them. */
  employeeId: string | null;
}

/** What the server knows when a statement arrives. */
export interface WriteContext {
  /** The server's one canonical URL (no trailing slash). */
  publicUrl: string;
  /** The `stored` time of this request. */
  stored: string;
  now: Date;
  /** How far in the future a `timestamp` may be (terminal clocks drift a little). */
  maxClockSkewMs: number;
}

const SITE_EXTENSION = /\/xapi\/ext\/site$/;

function siteClaim(s: Statement): string | null {
  const ext = s.context?.extensions;
  if (!ext) return null;
  for (const k of Object.keys(ext)) if (SITE_EXTENSION.test(k)) return typeof ext[k] === 'string' ? ext[k] : String(ext[k]);
  return null;
}

/**
 * The worker and lesson a statement names under the canonical URL (not yet checked against the
 * roster and the site's lessons). Read from unvalidated JSON too, so the chunked path can look them
 * up while it validates: for a statement that validates, the answer is the same either way.
 */
export function claimsOf(statement: unknown, publicUrl: string): Claims {
  const s = statement as { actor?: { account?: { homePage?: unknown; name?: unknown } }; object?: { objectType?: unknown; id?: unknown } } | null;
  const account = typeof s === 'object' && s !== null && typeof s.actor === 'object' && s.actor !== null ? s.actor.account : undefined;
  const name = typeof account === 'object' && account !== null && account.homePage === publicUrl ? account.name : null;
  const object = typeof s === 'object' && s !== null ? s.object : undefined;
  const isActivity = typeof object === 'object' && object !== null && (object.objectType === undefined || object.objectType === 'Activity');
  return { claimedEmployee: typeof name === 'string' ? name : null, claimedLesson: isActivity && typeof object.id === 'string' ? canonicalLesson(object.id, publicUrl) : null };
}

/** The lesson id of a lesson activity IRI under the canonical URL; null for anything else. */
function canonicalLesson(activity: string, publicUrl: string): string | null {
  const prefix = lessonActivityId(publicUrl, '');
  if (!activity.startsWith(prefix)) return null;
  try {
    const lessonId = decodeURIComponent(activity.slice(prefix.length));
    return lessonActivityId(publicUrl, lessonId) === activity ? lessonId : null;
  } catch {
    return null;
  }
}

export function authorityFor(principal: Principal, serverUrl: string): Statement['authority'] {
  const name =
    principal.kind === 'terminal' ? `terminal:${principal.terminalId}` : principal.kind === 'lrs' ? `lrs:${principal.key}` : `admin:${principal.tokenId}`;
  return { objectType: 'Agent', account: { homePage: serverUrl, name } };
}

/**
 * Validates one statement and fixes its stored form. A terminal may only write statements of its
 * own site (by the site context extension); what it writes is recorded under its site either way.
 * No writer may date a statement in the future beyond the allowed clock skew (it would push a
 * recertification out at will). Who the statement may count for is decided by authorizeWrites.
 */
export function prepareStatement(raw: unknown, fieldPath: string, principal: Principal, ctx: WriteContext): PreparedStatement {
  const parsed = compiledStatementSchema().safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'invalid-statement', `invalid statement: ${describeZodError(parsed.error, fieldPath)}`);
  const s = parsed.data;
  const id = (s.id ?? randomUUID()).toLowerCase();
  const claimed = siteClaim(s);
  if (principal.kind === 'terminal' && claimed !== null && claimed !== principal.siteId) {
    throw new HttpError(
      403,
      'wrong-site',
      `${fieldPath || 'statement'} ${id} belongs to site "${claimed}" but this terminal is enrolled at "${principal.siteId}": a terminal writes only its own site's statements`,
      { rule: 'own-site-only', statementIds: [id] },
    );
  }
  const latest = ctx.now.getTime() + ctx.maxClockSkewMs;
  if (s.timestamp !== undefined && Date.parse(s.timestamp) > latest) {
    throw new HttpError(
      400,
      'timestamp-in-future',
      `${fieldPath || 'statement'} ${id}: timestamp ${s.timestamp} is after ${new Date(latest).toISOString()} (the server's clock plus ${Math.round(ctx.maxClockSkewMs / 1000)} s of allowed skew): set the terminal's clock right (NTP) and send the statement with the time it happened`,
      { statementIds: [id] },
    );
  }
  // Every statement of a batch comes through here: no copy of it is made that is not kept (a kiosk's id is already lower case).
  const hash = statementContentHash((s.id === id ? s : { ...s, id }) as Record<string, unknown>);
  const full: Statement = { ...s, id, timestamp: s.timestamp ?? ctx.stored, stored: ctx.stored, authority: authorityFor(principal, ctx.publicUrl), version: '1.0.3' };
  const index = indexColumns(s);
  const claims = claimsOf(s, ctx.publicUrl);
  return {
    actorKey: index.actorKey,
    objectAgentKey: index.objectAgentKey,
    activityId: index.activityId,
    relatedAgents: index.relatedAgents,
    relatedActivities: index.relatedActivities,
    registration: index.registration,
    voids: index.voids,
    id,
    statement: full,
    hash,
    siteId: principal.kind === 'terminal' ? principal.siteId : claimed,
    terminalId: principal.kind === 'terminal' ? principal.terminalId : null,
    verbId: s.verb.id,
    claimedEmployee: claims.claimedEmployee,
    claimedLesson: claims.claimedLesson,
    employeeId: null,
  };
}

/** One id twice in a batch is fine when it is the same statement; different content is a client bug. */
function dedupe(batch: PreparedStatement[]): PreparedStatement[] {
  const seen = new Map<string, PreparedStatement>();
  for (const p of batch) {
    const before = seen.get(p.id);
    if (before && before.hash !== p.hash) {
      throw new HttpError(400, 'duplicate-statement-id', `the batch holds two different statements with id ${p.id}: give each statement its own id`);
    }
    seen.set(p.id, p);
  }
  return [...seen.values()];
}

/**
 * The whole batch travels as one JSON array parameter: PostgreSQL parses it once, which is
 * markedly faster than nine array parameters whose JSON strings need array-literal escaping.
 */
const INSERT_SQL = `
INSERT INTO statements (${STATEMENT_COLUMNS.join(', ')})
SELECT (r->>'id')::uuid, r->'statement', r->>'hash', $2::timestamptz, (r->>'terminalId')::uuid, r->>'siteId',
       r->>'actorKey', r->>'verbId', r->>'activityId', r->>'employeeId',
       r->>'objectAgentKey', (r->>'registration')::uuid,
       CASE WHEN jsonb_typeof(r->'relatedAgents') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(r->'relatedAgents')) END,
       CASE WHEN jsonb_typeof(r->'relatedActivities') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(r->'relatedActivities')) END
  FROM jsonb_array_elements($1::jsonb) AS r
ON CONFLICT (id) DO NOTHING
RETURNING id`;

/** What storing a batch did: statements inserted, and for the voidings among them, the voided completions' workers and the credentials revoked. */
export interface StoreResult {
  inserted: number;
  voided: { workers: string[]; revoked: string[] };
}

/**
 * Stores a batch atomically with one COPY or INSERT (statementWriter). Ids already stored with the same content hash are
 * no-ops (a retried upload); any id stored with different content refuses the whole batch (409).
 */
export async function storeStatements(db: Db, batch: PreparedStatement[], stored: string, siteScope: string | null = null, now = new Date(stored)): Promise<StoreResult> {
  const unique = dedupe(batch);
  return copyElseInsert((copy) =>
    db.transaction(async (tx) => {
      const inserted = await statementWriter(tx, copy, stored)(unique);
      const voided = await summariseInserted(db, tx, unique, inserted, now);
      await refuseChangedIds(tx, unique, new Set(inserted.map((row) => row.id)), siteScope);
      return { inserted: inserted.length, voided };
    }),
  );
}

/**
 * How one transaction stores statements (ids distinct): with COPY where `copy` is allowed and the
 * database offers it (copy-statements.ts, PostgreSQL), else with the INSERT, which skips stored ids.
 */
export function statementWriter(tx: Queryable, copy: boolean, stored: string): (batch: PreparedStatement[]) => Promise<{ id: string }[]> {
  const copyFrom = copy ? tx.copyFrom : undefined;
  return copyFrom ? (batch) => copyStatements(copyFrom, batch, stored) : (batch) => insertStatements(tx, batch, stored);
}

/** INSERTs statements (ids distinct), skipping ids already stored; the rows it inserted. */
export async function insertStatements(tx: Queryable, unique: PreparedStatement[], stored: string): Promise<{ id: string }[]> {
  return (await tx.query<{ id: string }>(INSERT_SQL, [JSON.stringify(unique), stored])).rows;
}

/**
 * What new rows move, in the transaction that INSERTed them: the targets of voiding statements are
 * marked voided, the dashboard summaries count them (same transaction as the statements), and the
 * credentials resting on a voided completion are revoked with the void, never after it: nothing
 * would retry a revocation that failed once the void was stored. And after voidTargets, never
 * before: its UPDATE waits for an issuance that holds the target FOR SHARE (credentials/issue.ts)
 * to commit, and only a statement started after that wait (READ COMMITTED: a snapshot per
 * statement) sees the credential just issued, so it is revoked rather than left standing.
 */
export async function summariseInserted(db: Db, tx: Queryable, unique: PreparedStatement[], insertedRows: { id: string }[], now: Date): Promise<StoreResult['voided']> {
  await voidTargets(tx, unique, insertedRows);
  const inserted = new Set(insertedRows.map((row) => row.id));
  await summariseStored(db, tx, unique.filter((p) => inserted.has(p.id)), now);
  return revokeCredentialsOfVoided(tx, unique.flatMap((p) => (p.voids !== null && inserted.has(p.id) ? [p.voids] : [])), now);
}

/**
 * Ids of `unique` that were stored before (not among `insertedIds`) must be this site's and hold
 * the same content: another site's answers 404, different content 409; either rolls the batch back.
 */
export async function refuseChangedIds(tx: Queryable, unique: PreparedStatement[], insertedIds: ReadonlySet<string>, siteScope: string | null): Promise<void> {
  if (insertedIds.size === unique.length) return;
  const existing = unique.filter((p) => !insertedIds.has(p.id));
  const existingRows = await tx.query<{ id: string; content_hash: string; site_id: string | null }>('SELECT id, content_hash, site_id FROM statements WHERE id = ANY($1::uuid[])', [
    existing.map((p) => p.id),
  ]);
  // A terminal learns nothing about another site's statements: an id taken there answers as unknown, whatever the content.
  const foreign = siteScope === null ? [] : existingRows.rows.filter((row) => row.site_id !== siteScope).map((row) => row.id);
  if (foreign.length > 0) {
    throw new HttpError(404, 'statement-not-found', `no statement ${foreign.slice(0, 5).join(', ')} of this site can be written under that id; the batch was not stored: send the statement under a new id`, {
      statementIds: foreign,
    });
  }
  const hashes = new Map(existingRows.rows.map((row) => [row.id, row.content_hash]));
  const conflicting = existing.filter((p) => hashes.get(p.id) !== p.hash).map((p) => p.id);
  if (conflicting.length > 0) {
    throw new HttpError(
      409,
      'statement-conflict',
      `statement id ${conflicting.slice(0, 5).join(', ')}${conflicting.length > 5 ? ` and ${conflicting.length - 5} more` : ''} is already stored with different content; the batch was not stored. Statements are immutable: send changed content under a new id`,
      { statementIds: conflicting },
    );
  }
}

/** One statement by id; with `voided`, only a voided one (voidedStatementId), otherwise only one not voided. */
export async function getStatement(db: Db, id: string, voided: boolean, principal: Principal): Promise<{ statement: Record<string, unknown>; stored: Date }> {
  const r = await db.query<{ statement: Record<string, unknown>; site_id: string | null; voided: boolean; stored: Date }>(
    'SELECT statement, site_id, voided_by IS NOT NULL AS voided, stored FROM statements WHERE id = $1',
    [id],
  );
  const row = r.rows[0];
  const unknown = () => new HttpError(404, 'statement-not-found', voided ? `no voided statement with id ${id}` : `no statement with id ${id}${row?.voided ? ' (it was voided: ask with voidedStatementId)' : ''}`);
  // Another site's statement answers exactly like an unknown id, so ids cannot be probed across sites.
  if (!row || (principal.kind === 'terminal' && row.site_id !== principal.siteId)) throw new HttpError(404, 'statement-not-found', `no statement with id ${id}`);
  if (row.voided !== voided) throw unknown();
  return { statement: row.statement, stored: new Date(row.stored) };
}

/** A page of statements, the `more` URL of the next page (or ''), and the latest stored time on the page. */
export async function listStatements(db: Db, filter: StatementFilter, principal: Principal): Promise<{ statements: Record<string, unknown>[]; more: string; lastStored: Date | null }> {
  const { where, params } = filterSql(filter, principal.kind === 'terminal' ? principal.siteId : null);
  const order = filter.ascending ? 'ASC' : 'DESC';
  const r = await db.query<{ seq: number; statement: Record<string, unknown>; stored: Date }>(
    `SELECT seq, statement, stored FROM statements ${where} ORDER BY seq ${order} LIMIT ${filter.limit + 1}`,
    params,
  );
  const page = r.rows.slice(0, filter.limit);
  const more = r.rows.length > filter.limit ? `/xapi/statements?more=${encodeMore({ ...filter, after: Number(page[page.length - 1].seq) })}` : '';
  const lastStored = page.reduce<Date | null>((latest, row) => (latest === null || new Date(row.stored) > latest ? new Date(row.stored) : latest), null);
  return { statements: page.map((row) => row.statement), more, lastStored };
}
