import { arrayLiteral } from '../db/array-literal';
import { copyField } from '../db/copy-in';
import type { Queryable } from '../db/db';

/** The columns a stored statement fills (store.ts's INSERT too), in the order of copyLine's fields. */
export const STATEMENT_COLUMNS = [
  'id',
  'statement',
  'content_hash',
  'stored',
  'terminal_id',
  'site_id',
  'actor_key',
  'verb_id',
  'activity_id',
  'employee_id',
  'object_agent_key',
  'registration',
  'related_agents',
  'related_activities',
] as const;

/** The columns of one statement as prepared (store.ts PreparedStatement, named here so this module needs nothing of store.ts). */
interface StatementRow {
  id: string;
  statement: unknown;
  hash: string;
  terminalId: string | null;
  siteId: string | null;
  actorKey: string | null;
  verbId: string;
  activityId: string | null;
  employeeId: string | null;
  objectAgentKey: string | null;
  registration: string | null;
  relatedAgents: string[] | null;
  relatedActivities: string[] | null;
}

/** JSON never holds a raw tab or line break (JSON.stringify escapes them), so only backslashes need COPY's escape. */
const jsonField = (json: string) => (json.includes('\\') ? json.replace(/\\/g, '\\\\') : json);

function copyLine(p: StatementRow, stored: string): string {
  const fields = [
    p.id,
    jsonField(JSON.stringify(p.statement)),
    p.hash,
    stored,
    copyField(p.terminalId),
    copyField(p.siteId),
    copyField(p.actorKey),
    copyField(p.verbId),
    copyField(p.activityId),
    copyField(p.employeeId),
    copyField(p.objectAgentKey),
    copyField(p.registration),
    copyField(p.relatedAgents && arrayLiteral(p.relatedAgents)),
    copyField(p.relatedActivities && arrayLiteral(p.relatedActivities)),
  ];
  return `${fields.join('\t')}\n`;
}

/**
 * Stores statements none of which is stored yet with one COPY, where the database offers it
 * (PostgreSQL): about half the database CPU of the INSERT (bench:sync). COPY has no ON CONFLICT:
 * an id already stored fails it with a unique violation (isStatementIdTaken), and the caller stores
 * the batch again with insertStatements, which skips such ids and compares their content.
 */
export async function copyStatements(copyFrom: NonNullable<Queryable['copyFrom']>, fresh: readonly StatementRow[], stored: string): Promise<{ id: string }[]> {
  await copyFrom('statements', STATEMENT_COLUMNS, fresh.map((p) => copyLine(p, stored)));
  return fresh.map((p) => ({ id: p.id }));
}

/** Runs `attempt` with COPY allowed, and again with INSERT only when an id of the batch turned out to be stored already (a resend whose answer was lost). */
export async function copyElseInsert<T>(attempt: (copy: boolean) => Promise<T>): Promise<T> {
  try {
    return await attempt(true);
  } catch (err) {
    if (!isStatementIdTaken(err)) throw err;
    return attempt(false);
  }
}

/** The error COPY fails with when a statement id is stored already (or being stored by another transaction that committed it). */
function isStatementIdTaken(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return typeof e === 'object' && e !== null && e.code === '23505' && e.constraint === 'statements_pkey';
}
