import { verbs } from '../../common/xapi/completion';
import type { Queryable } from '../db/db';

/**
 * The facts a worker's trusted completion statements give about each lesson (the learning-paths
 * engine's LessonRecord, plus the latest score), and passing completions per week. Both the write
 * path (a batch of new statements) and the rebuild (every statement) reduce rows with `reduce` and
 * merge them with `applyRecords`, so the two cannot disagree on what a statement means.
 */

/** One trusted completion statement, as far as the summaries need it. */
export interface CompletionFact {
  employeeId: string;
  lessonId: string;
  /** ISO 8601 timestamp of the statement. */
  at: string;
  /** null for a lesson without checks (counts as passed, like the engine). */
  passed: boolean | null;
  score: number | null;
}

export interface RecordDelta {
  employeeId: string;
  lessonId: string;
  lastPassedAt: string | null;
  lastAttemptAt: string;
  attempts: number;
  lastScore: number | null;
}

export interface WeekDelta {
  employeeId: string;
  weekStart: string;
  completions: number;
}

export const COMPLETION_VERBS = [verbs.completed, verbs.passed, verbs.failed] as const;

/** Lesson id of a kiosk activity IRI (.../activities/lesson/<id>); null for any other activity. */
export function lessonIdOf(activityId: string | null): string | null {
  const m = activityId ? /\/activities\/lesson\/([^/?#]+)$/.exec(activityId) : null;
  return m ? decodeURIComponent(m[1]) : null;
}

/** Pass or fail of a statement: result.success, else the verb (passed/failed), else null (no checks). */
export function passedOf(verbId: string, success: boolean | null | undefined): boolean | null {
  return success ?? (verbId === verbs.passed ? true : verbId === verbs.failed ? false : null);
}

/** Monday (UTC) of the week holding an ISO time, as a day key. */
export function weekStartOf(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

/** ISO timestamps in one canonical form compare as text. */
function canonical(iso: string): string {
  return new Date(iso).toISOString();
}

/** Folds facts into one delta per worker x lesson and per worker x week. */
export function reduce(facts: Iterable<CompletionFact>): { records: RecordDelta[]; weeks: WeekDelta[] } {
  const records = new Map<string, RecordDelta>();
  const weeks = new Map<string, WeekDelta>();
  for (const f of facts) {
    const at = canonical(f.at);
    const passed = f.passed !== false;
    const key = `${f.employeeId}\u0000${f.lessonId}`;
    const r = records.get(key);
    if (!r) {
      records.set(key, { employeeId: f.employeeId, lessonId: f.lessonId, lastPassedAt: passed ? at : null, lastAttemptAt: at, attempts: 1, lastScore: f.score });
    } else {
      r.attempts += 1;
      if (at >= r.lastAttemptAt) {
        r.lastAttemptAt = at;
        r.lastScore = f.score;
      }
      if (passed && (r.lastPassedAt === null || at > r.lastPassedAt)) r.lastPassedAt = at;
    }
    if (!passed) continue;
    const weekStart = weekStartOf(at);
    const wk = `${f.employeeId}\u0000${weekStart}`;
    const w = weeks.get(wk);
    if (w) w.completions += 1;
    else weeks.set(wk, { employeeId: f.employeeId, weekStart, completions: 1 });
  }
  return { records: [...records.values()], weeks: [...weeks.values()] };
}

/** A worker x lesson row of lesson_records as read back. */
export interface RecordRow {
  employee_id: string;
  lesson_id: string;
  last_passed_at: Date | string | null;
  last_attempt_at: Date | string;
  attempts: number;
}

export type WorkerRow = { employee_id: string; site_id: string; display_name: string; roles: string[]; stations: string[] };
/**
 * A worker row with whether they count now (active and not deleted): the write path needs the site
 * of the others too; and their stored summary's computed_at and valid_until (null without one).
 */
export type RosterRow = WorkerRow & { current: boolean; computed_at: string | null; valid_until: string | null };

/** What the engine needs of some workers besides their site's inputs: their roster rows, their lesson records, and the inputs' version (inputs.ts). */
export interface WorkerFacts {
  roster: RosterRow[];
  records: RecordRow[];
  inputsVersion: number;
}

export const WORKER_COLUMNS = 'employee_id, site_id, display_name, roles, stations';

/**
 * The roster rows of the workers in parameter `ids` with when their stored summary was computed
 * and until when it holds (worker_states; null without one): one index lookup per worker, shared
 * by every part of a statement. And `required`: each of them with the lessons their roles and
 * stations require, the only records the engine reads (skill-matrix.ts), so a worker's records
 * of lessons nobody requires of them are never read back.
 */
const roster = (ids: string) => `roster AS (
  SELECT w.employee_id, w.site_id, w.display_name, w.roles, w.stations, w.active AND NOT w.deleted AS current, s.computed_at, s.valid_until
    FROM workers w LEFT JOIN worker_states s ON s.employee_id = w.employee_id
   WHERE w.employee_id = ANY(${ids}::text[])
), required AS (
  SELECT w.employee_id, l.lesson_id
    FROM roster w CROSS JOIN LATERAL (
      SELECT unnest(lessons) FROM role_requirements WHERE role = ANY(w.roles)
      UNION SELECT unnest(lessons) FROM station_requirements WHERE site_id = w.site_id AND station_id = ANY(w.stations)
    ) AS l(lesson_id)
)`;

/**
 * The read-back as one row, so one round trip brings all three: the inputs' version, the `roster`
 * rows (in employee id order) and the lesson records the query `records` reads, the two as JSON arrays.
 */
const readBack = (records: string) => `
SELECT (SELECT last_value FROM summary_inputs_version) AS inputs_version,
       (SELECT coalesce(json_agg(w ORDER BY w.employee_id), '[]') FROM roster w) AS roster,
       (SELECT coalesce(json_agg(r), '[]') FROM (${records}) r) AS records`;

/**
 * The upserts, and the read-back when asked, in one statement, one round trip per batch: the
 * records and weekly counts each travel as one JSON array parameter, parsed once. Each row takes
 * its worker's site from the roster rows of $3, the workers the facts are about (a fact of a worker
 * not on the roster counts nowhere). A week's count for its site (completion_site_weeks, migration
 * 022) grows by the sum of the counts added to its workers' weeks, added here from the same rows:
 * this statement is the only one that inserts or updates completion_weeks (deletes subtract by
 * trigger, migration 024). Rows go in key order, so two concurrent batches lock shared rows in one
 * order (no deadlock).
 * The read-back is every record of the workers in $3 as it stands after the merge: the merged rows
 * from RETURNING (the statement's snapshot does not see its own writes), the untouched rows from
 * the table.
 */
const applyRecordsSql = (withReadBack: boolean) => `
WITH ${roster('$3')}, records AS (
  INSERT INTO lesson_records AS t (employee_id, lesson_id, site_id, last_passed_at, last_attempt_at, attempts, last_score)
  SELECT r."employeeId", r."lessonId", w.site_id, r."lastPassedAt", r."lastAttemptAt", r.attempts, r."lastScore"
    FROM json_to_recordset($1::json)
      AS r("employeeId" text, "lessonId" text, "lastPassedAt" timestamptz, "lastAttemptAt" timestamptz, attempts integer, "lastScore" real)
    JOIN roster w ON w.employee_id = r."employeeId"
   ORDER BY 1, 2
  ON CONFLICT (employee_id, lesson_id) DO UPDATE SET
    site_id = EXCLUDED.site_id,
    last_passed_at = GREATEST(t.last_passed_at, EXCLUDED.last_passed_at),
    last_score = CASE WHEN EXCLUDED.last_attempt_at >= t.last_attempt_at THEN EXCLUDED.last_score ELSE t.last_score END,
    last_attempt_at = GREATEST(t.last_attempt_at, EXCLUDED.last_attempt_at),
    attempts = t.attempts + EXCLUDED.attempts
  RETURNING employee_id, lesson_id, last_passed_at, last_attempt_at, attempts
), weeks AS (
  SELECT w.site_id, r."employeeId" AS employee_id, r."weekStart" AS week_start, r.completions
    FROM json_to_recordset($2::json) AS r("employeeId" text, "weekStart" date, completions integer)
    JOIN roster w ON w.employee_id = r."employeeId"
), worker_weeks AS (
  INSERT INTO completion_weeks AS t (site_id, employee_id, week_start, completions)
  SELECT site_id, employee_id, week_start, completions FROM weeks ORDER BY 1, 3, 2
  ON CONFLICT (site_id, week_start, employee_id) DO UPDATE SET completions = t.completions + EXCLUDED.completions
), site_weeks AS (
  -- Striped by connection as the trigger it replaces was.
  INSERT INTO completion_site_weeks AS t (site_id, week_start, stripe, completions)
  SELECT site_id, week_start, pg_backend_pid() % 16, sum(completions) FROM weeks GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (site_id, week_start, stripe) DO UPDATE SET completions = t.completions + EXCLUDED.completions
)${
  withReadBack
    ? readBack(`
  SELECT m.* FROM records m JOIN required q ON q.employee_id = m.employee_id AND q.lesson_id = m.lesson_id
  UNION ALL
  SELECT l.employee_id, l.lesson_id, l.last_passed_at, l.last_attempt_at, l.attempts
    FROM required q JOIN lesson_records l ON l.employee_id = q.employee_id AND l.lesson_id = q.lesson_id
   WHERE NOT EXISTS (SELECT 1 FROM records m WHERE m.employee_id = l.employee_id AND m.lesson_id = l.lesson_id)`)
    : '\nSELECT NULL AS inputs_version, NULL AS roster, NULL AS records'
}`;
const APPLY_RECORDS = applyRecordsSql(true);
const APPLY_RECORDS_ONLY = applyRecordsSql(false);

const READ_WORKERS = `WITH ${roster('$1')}${readBack(
  'SELECT l.employee_id, l.lesson_id, l.last_passed_at, l.last_attempt_at, l.attempts FROM required q JOIN lesson_records l ON l.employee_id = q.employee_id AND l.lesson_id = q.lesson_id',
)}`;

type FactsRow = { inputs_version: number | string; roster: RosterRow[]; records: RecordRow[] };
const factsOf = (row: FactsRow): WorkerFacts => ({ roster: row.roster, records: row.records, inputsVersion: Number(row.inputs_version) });

const args = (delta: { records: RecordDelta[]; weeks: WeekDelta[] }) => {
  const ids = [...new Set(delta.records.map((r) => r.employeeId))].sort();
  return [JSON.stringify(delta.records), JSON.stringify(delta.weeks), ids];
};

/**
 * Adds reduced facts to the stored ones (GREATEST of times, sum of counts): order of arrival does
 * not matter. Returns the facts of the workers they are about (every record's worker) after the merge.
 */
export async function applyRecords(tx: Queryable, delta: { records: RecordDelta[]; weeks: WeekDelta[] }): Promise<WorkerFacts> {
  return factsOf((await tx.query<FactsRow>(APPLY_RECORDS, args(delta))).rows[0]);
}

/** applyRecords without the read-back (the rebuild, which recomputes every worker afterwards). */
export async function mergeRecords(tx: Queryable, delta: { records: RecordDelta[]; weeks: WeekDelta[] }): Promise<void> {
  await tx.query(APPLY_RECORDS_ONLY, args(delta));
}

/**
 * Takes these workers' summary locks, in id order, until the transaction ends. Each batch computes
 * its workers' states from their records as its statements see them, so two batches of one worker
 * (a kiosk sends two at a time; a clock refresh may run meanwhile) each missed the other's
 * uncommitted records and the later write left a completion out of the worker's summary. The lock
 * is its own statement: the merge that follows reads with a snapshot taken after the wait, so it
 * sees what the batch it waited for committed. Advisory, so roster writes and foreign keys never
 * wait on it; per schema, as the other advisory locks here are.
 */
export async function lockWorkers(tx: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  // One order for every caller (byte order, whatever the database's collation), so no two wait on each other; the lock is taken after the sort.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('shiftlearn-summary:' || current_schema() || ':' || id)) FROM unnest($1::text[]) AS id ORDER BY id COLLATE "C"`, [ids]);
}

/** The facts of these workers as stored, without a merge (a refresh by roster or clock). */
export async function readWorkers(q: Queryable, employeeIds: readonly string[]): Promise<WorkerFacts> {
  return factsOf((await q.query<FactsRow>(READ_WORKERS, [employeeIds])).rows[0]);
}
