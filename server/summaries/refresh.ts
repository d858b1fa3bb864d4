import { skillMatrix, WORKER_STANDING_ORDER, workerStanding, type LessonRecord, type LessonStanding, type WorkerStanding } from '../../common/paths';
import { indexCatalog } from '../../common/paths/catalog';
import { arrayLiteral } from '../db/array-literal';
import type { Queryable } from '../db/db';
import { lockWorkers, readWorkers, WORKER_COLUMNS, type RecordRow, type WorkerFacts, type WorkerRow } from './records';
import { siteInputs, type SiteInputs } from './inputs';

/**
 * Turns the learning-paths engine's answer for some workers into summary rows, and writes them.
 * The engine is the one place that decides a status: it runs here per changed worker (on write, on
 * a roster or requirement change, or when the clock moves a recertification to due soon or overdue),
 * never per dashboard request.
 */

export interface SummaryWorker {
  employeeId: string;
  siteId: string;
  name: string;
  roles: string[];
  stations: string[];
}

export interface WorkerStateRow {
  employeeId: string;
  siteId: string;
  name: string;
  roles: string[];
  stations: string[];
  standing: WorkerStanding;
  validUntil: string | null;
}

export interface RequirementStateRow {
  employeeId: string;
  lessonId: string;
  siteId: string;
  workerName: string;
  lessonTitle: string;
  standing: LessonStanding;
  urgency: number;
  completedAt: string | null;
  dueAt: string | null;
  requiredByRoles: string[];
  requiredByStations: string[];
  lessonRank: number;
}

/**
 * Per worker, the only lessons whose requirement rows are computed and written; a worker not in it
 * has all their rows replaced (summaries.ts decides whose other rows are known to hold).
 */
export type TouchedLessons = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Pure: the engine's skill matrix for these workers of one site, as rows to store; of a worker in
 * `touched`, the requirement rows of those lessons only (their worker row still weighs every lesson).
 */
export function summariseWorkers(
  inputs: SiteInputs,
  workers: readonly SummaryWorker[],
  recordsByWorker: Readonly<Record<string, ReadonlyMap<string, LessonRecord>>>,
  now: Date,
  touched: TouchedLessons = new Map(),
): { workers: WorkerStateRow[]; requirements: RequirementStateRow[] } {
  const matrix = skillMatrix({
    workers: workers.map((w) => ({ id: w.employeeId, roles: w.roles, stations: w.stations, language: 'en' })),
    catalog: inputs.catalog,
    requirements: inputs.requirements,
    historyByWorker: {},
    recordsByWorker,
    now,
  });
  const byId = new Map(workers.map((w) => [w.employeeId, w]));
  const rank = indexCatalog(inputs.catalog).topoRank;
  const workerRows: WorkerStateRow[] = [];
  const requirementRows: RequirementStateRow[] = [];
  for (const row of matrix) {
    const w = byId.get(row.workerId)!;
    const changes = row.lessons.map((c) => c.changesAt).filter((t): t is string => t !== null).sort();
    workerRows.push({ ...w, standing: workerStanding(row.lessons.map((c) => c.standing)), validUntil: changes[0] ?? null });
    const only = touched.get(w.employeeId);
    for (const c of row.lessons) {
      if (only && !only.has(c.lessonId)) continue;
      requirementRows.push({
        employeeId: w.employeeId,
        lessonId: c.lessonId,
        siteId: w.siteId,
        workerName: w.name,
        lessonTitle: inputs.titles.get(c.lessonId) ?? c.lessonId,
        standing: c.standing,
        urgency: WORKER_STANDING_ORDER.indexOf(c.standing),
        completedAt: c.completedAt,
        dueAt: c.dueAt,
        requiredByRoles: c.requiredBy.roles,
        requiredByStations: c.requiredBy.stations,
        lessonRank: rank.get(c.lessonId) ?? 0,
      });
    }
  }
  return { workers: workerRows, requirements: requirementRows };
}

/** lesson_records rows as the engine's records, by worker and lesson. */
export function recordsByWorker(rows: readonly RecordRow[]): Record<string, Map<string, LessonRecord>> {
  const out: Record<string, Map<string, LessonRecord>> = {};
  for (const row of rows) {
    (out[row.employee_id] ??= new Map()).set(row.lesson_id, {
      lastPassedAt: row.last_passed_at === null ? null : new Date(row.last_passed_at).getTime(),
      lastAttemptAt: new Date(row.last_attempt_at).getTime(),
      attempts: row.attempts,
    });
  }
  return out;
}

const toWorker = (r: WorkerRow): SummaryWorker => ({ employeeId: r.employee_id, siteId: r.site_id, name: r.display_name, roles: r.roles, stations: r.stations });

/**
 * Some workers' states replaced by the engine's answer in one statement: $3 are the workers
 * concerned, $1 and $2 their new worker and requirement rows; rows of $3 the answer leaves out are
 * deleted (a worker who left, a lesson no longer required). A row is rewritten only when it differs
 * (IS DISTINCT FROM): a completion usually moves one cell of a worker, and an unchanged row costs
 * no new tuple and no index entries. So computed_at is when a row was last computed with a
 * different result; a later computation that agreed left it as it was.
 * The deletes and the upserts touch different rows, so the four can share one snapshot.
 */
const WRITE_STATES = `
WITH ws AS (
  SELECT * FROM json_to_recordset($1::json)
    AS r("employeeId" text, "siteId" text, name text, roles text[], stations text[], standing text, "validUntil" timestamptz)
), rs AS (
  SELECT * FROM json_to_recordset($2::json)
    AS r("employeeId" text, "lessonId" text, "siteId" text, "workerName" text, "lessonTitle" text, standing text, urgency smallint,
         "completedAt" timestamptz, "dueAt" timestamptz, "requiredByRoles" text[], "requiredByStations" text[], "lessonRank" integer)
), workers_gone AS (
  DELETE FROM worker_states t WHERE t.employee_id = ANY($3::text[]) AND NOT EXISTS (SELECT 1 FROM ws WHERE ws."employeeId" = t.employee_id)
), workers_written AS (
  INSERT INTO worker_states AS t (employee_id, site_id, display_name, roles, stations, standing, valid_until, computed_at)
  SELECT "employeeId", "siteId", name, roles, stations, standing, "validUntil", $4::timestamptz FROM ws
  ON CONFLICT (employee_id) DO UPDATE SET site_id = EXCLUDED.site_id, display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
    stations = EXCLUDED.stations, standing = EXCLUDED.standing, valid_until = EXCLUDED.valid_until, computed_at = EXCLUDED.computed_at
  WHERE (t.site_id, t.display_name, t.roles, t.stations, t.standing, t.valid_until)
        IS DISTINCT FROM (EXCLUDED.site_id, EXCLUDED.display_name, EXCLUDED.roles, EXCLUDED.stations, EXCLUDED.standing, EXCLUDED.valid_until)
), requirements_gone AS (
  DELETE FROM requirement_states t
   WHERE t.employee_id = ANY($3::text[]) AND NOT EXISTS (SELECT 1 FROM rs WHERE rs."employeeId" = t.employee_id AND rs."lessonId" = t.lesson_id)
)
INSERT INTO requirement_states AS t (employee_id, lesson_id, site_id, worker_name, lesson_title, standing, urgency, completed_at, due_at,
                                     required_by_roles, required_by_stations, lesson_rank)
SELECT * FROM rs
ON CONFLICT (employee_id, lesson_id) DO UPDATE SET site_id = EXCLUDED.site_id, worker_name = EXCLUDED.worker_name, lesson_title = EXCLUDED.lesson_title,
  standing = EXCLUDED.standing, urgency = EXCLUDED.urgency, completed_at = EXCLUDED.completed_at, due_at = EXCLUDED.due_at,
  required_by_roles = EXCLUDED.required_by_roles, required_by_stations = EXCLUDED.required_by_stations, lesson_rank = EXCLUDED.lesson_rank
WHERE (t.site_id, t.worker_name, t.lesson_title, t.standing, t.urgency, t.completed_at, t.due_at, t.required_by_roles, t.required_by_stations, t.lesson_rank)
      IS DISTINCT FROM (EXCLUDED.site_id, EXCLUDED.worker_name, EXCLUDED.lesson_title, EXCLUDED.standing, EXCLUDED.urgency, EXCLUDED.completed_at,
                        EXCLUDED.due_at, EXCLUDED.required_by_roles, EXCLUDED.required_by_stations, EXCLUDED.lesson_rank)`;

/** Requirement rows per statement at most, so one parameter stays well under PostgreSQL's 1 GB limit on a large site. */
const ROWS_PER_WRITE = 20_000;

/**
 * Writes the states of workers `ids` (sorted and distinct) from the engine's rows, in slices of
 * whole workers. Rows go in key order, so two transactions lock shared rows in one order (no deadlock).
 * A worker in `touched` came with some of their rows (summariseWorkers) and loses none of the others.
 */
async function write(q: Queryable, ids: readonly string[], rows: { workers: WorkerStateRow[]; requirements: RequirementStateRow[] }, now: Date, touched: TouchedLessons = new Map()): Promise<void> {
  const workerOf = new Map(rows.workers.map((w) => [w.employeeId, w]));
  const requirementsOf = new Map<string, RequirementStateRow[]>();
  for (const r of rows.requirements) (requirementsOf.get(r.employeeId) ?? requirementsOf.set(r.employeeId, []).get(r.employeeId)!).push(r);
  let slice = { ids: [] as string[], workers: [] as object[], requirements: [] as object[] };
  // Anything to send: a worker in `touched` adds rows without adding to `ids` (the workers whose other rows are deleted).
  const flush = async () => {
    if (slice.ids.length > 0 || slice.workers.length > 0 || slice.requirements.length > 0) await q.query(WRITE_STATES, [JSON.stringify(slice.workers), JSON.stringify(slice.requirements), slice.ids, now.toISOString()]);
    slice = { ids: [], workers: [], requirements: [] };
  };
  for (const id of ids) {
    const worker = workerOf.get(id);
    const requirements = (requirementsOf.get(id) ?? []).sort((a, b) => (a.lessonId < b.lessonId ? -1 : a.lessonId > b.lessonId ? 1 : 0));
    if (!touched.has(id)) slice.ids.push(id);
    if (worker) slice.workers.push({ ...worker, roles: arrayLiteral(worker.roles), stations: arrayLiteral(worker.stations) });
    for (const r of requirements) {
      slice.requirements.push({ ...r, requiredByRoles: arrayLiteral(r.requiredByRoles), requiredByStations: arrayLiteral(r.requiredByStations) });
    }
    if (slice.requirements.length >= ROWS_PER_WRITE) await flush();
  }
  await flush();
}

async function summarise(cacheKey: object, q: Queryable, workers: SummaryWorker[], facts: WorkerFacts, now: Date, freshInputs: boolean, touched?: TouchedLessons) {
  const sites = [...new Set(workers.map((w) => w.siteId))];
  const inputs = await siteInputs(cacheKey, q, sites, freshInputs, facts.inputsVersion);
  const records = recordsByWorker(facts.records);
  const out = { workers: [] as WorkerStateRow[], requirements: [] as RequirementStateRow[] };
  for (const site of sites) {
    const rows = summariseWorkers(inputs.get(site)!, workers.filter((w) => w.siteId === site), records, now, touched);
    out.workers.push(...rows.workers);
    out.requirements.push(...rows.requirements);
  }
  return out;
}

/** Recomputes these workers (any site); a worker no longer active loses their rows. */
export async function refreshWorkers(cacheKey: object, q: Queryable, employeeIds: readonly string[], now: Date): Promise<void> {
  if (employeeIds.length === 0) return;
  const ids = [...new Set(employeeIds)].sort();
  await lockWorkers(q, ids);
  await storeWorkerStates(cacheKey, q, ids, await readWorkers(q, ids), now);
}

/**
 * refreshWorkers with the workers' facts already read (the write path reads them with its merge):
 * `ids` sorted and distinct, `facts` theirs; the rows of workers in `touched` written as write() says.
 */
export async function storeWorkerStates(cacheKey: object, q: Queryable, ids: readonly string[], facts: WorkerFacts, now: Date, touched?: TouchedLessons): Promise<void> {
  const current = facts.roster.filter((w) => w.current);
  await write(q, ids, await summarise(cacheKey, q, current.map(toWorker), facts, now, false, touched), now, touched);
}

/** Recomputes every worker of a site from its lesson records (after a roster, requirement or lesson change). */
export async function refreshSite(cacheKey: object, q: Queryable, siteId: string, now: Date): Promise<void> {
  const r = await q.query<WorkerRow>(`SELECT ${WORKER_COLUMNS} FROM workers WHERE site_id = $1 AND active AND NOT deleted ORDER BY employee_id`, [siteId]);
  const ids = r.rows.map((w) => w.employee_id);
  await lockWorkers(q, ids);
  const rows = await summarise(cacheKey, q, r.rows.map(toWorker), await readWorkers(q, ids), now, true);
  // A worker who moved away or left is gone from this site's rows; one who moved here is rewritten.
  await q.query('DELETE FROM requirement_states WHERE site_id = $1 AND NOT (employee_id = ANY($2))', [siteId, ids]);
  await q.query('DELETE FROM worker_states WHERE site_id = $1 AND NOT (employee_id = ANY($2))', [siteId, ids]);
  await write(q, ids, rows, now);
}
