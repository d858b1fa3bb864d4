import { lessonIdOf } from '../summaries/records';
import { verbs } from '../../common/xapi/completion';
import type { Queryable } from '../db/db';

// Constants written into the SQL so the planner can use the partial index of migration 008.
const COMPLETION_VERBS_SQL = [verbs.completed, verbs.passed, verbs.failed].map((v) => `'${v}'`).join(', ');

/** One completion statement the server trusts for the worker (employee_id set, statements/speakers.ts). */
export interface CompletionRow {
  statementId: string;
  employeeId: string;
  lessonId: string;
  /** The title the terminal recorded with the completion. */
  title: string | null;
  version: number;
  score: number | null;
  passed: boolean | null;
  completedAt: string;
  siteId: string | null;
  stationId: string | null;
  terminalId: string | null;
}

export interface CompletionQuery {
  /** null: every worker. */
  employeeIds: string[] | null;
  from?: string | null;
  to?: string | null;
}

function extension(ext: Record<string, unknown> | null, name: string): unknown {
  return Object.entries(ext ?? {}).find(([k]) => k.endsWith(`/xapi/ext/${name}`))?.[1];
}

/** Trusted lesson completions, oldest first. Counting by employee_id, never by actor name, is the trust rule. */
export async function loadTrustedCompletions(db: Queryable, q: CompletionQuery): Promise<CompletionRow[]> {
  const r = await db.query<{
    id: string;
    employee_id: string;
    activity_id: string | null;
    verb_id: string;
    ts: string | null;
    name: Record<string, string> | null;
    scaled: string | null;
    success: boolean | null;
    site_id: string | null;
    terminal_id: string | null;
    extensions: Record<string, unknown> | null;
  }>(
    `SELECT id, employee_id, activity_id, verb_id, statement->>'timestamp' AS ts, statement->'object'->'definition'->'name' AS name,
            statement->'result'->'score'->>'scaled' AS scaled, (statement->'result'->>'success')::boolean AS success,
            site_id, terminal_id, statement->'context'->'extensions' AS extensions
       FROM statements
      WHERE verb_id IN (${COMPLETION_VERBS_SQL}) AND employee_id IS NOT NULL
        AND ($1::text[] IS NULL OR employee_id = ANY($1))
        AND ($2::timestamptz IS NULL OR (statement->>'timestamp')::timestamptz >= $2)
        AND ($3::timestamptz IS NULL OR (statement->>'timestamp')::timestamptz < $3)`,
    [q.employeeIds, q.from ?? null, q.to ?? null],
  );
  const rows: CompletionRow[] = [];
  for (const s of r.rows) {
    const lessonId = lessonIdOf(s.activity_id);
    const at = s.ts ? Date.parse(s.ts) : Number.NaN;
    if (!lessonId || Number.isNaN(at)) continue;
    const version = extension(s.extensions, 'lesson-version');
    const station = extension(s.extensions, 'station');
    rows.push({
      statementId: s.id,
      employeeId: s.employee_id,
      lessonId,
      title: s.name ? (Object.values(s.name)[0] ?? null) : null,
      version: typeof version === 'number' ? version : 1,
      score: s.scaled === null ? null : Number(s.scaled),
      passed: s.success ?? (s.verb_id === verbs.passed ? true : s.verb_id === verbs.failed ? false : null),
      completedAt: new Date(at).toISOString(),
      siteId: s.site_id,
      stationId: typeof station === 'string' ? station : null,
      terminalId: s.terminal_id,
    });
  }
  return rows.sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : a.statementId < b.statementId ? -1 : 1));
}
