import type {
  CompletionsPerWeekResponse,
  OverdueQuery,
  OverdueResponse,
  OverviewResponse,
  RecertCalendarResponse,
  SkillCell,
  SkillMatrixResponse,
} from '../../common/contracts/dashboard';
import type { LessonStanding } from '../../common/paths';
import type { Queryable } from '../db/db';
import type { SiteRef } from './scope';

/**
 * The dashboard's answers, read from the summaries (server/summaries/) that the learning-paths
 * engine keeps per worker and required lesson: SQL aggregates and pages, no statement is loaded.
 */

/** Which workers a dashboard query covers, besides its sites. */
export interface WorkerFilter {
  station?: string;
  role?: string;
}

const DAY_MS = 86_400_000;

/**
 * The worker filter as SQL, parameters from $from on. Over requirement_states `rs` it needs
 * worker_states `ws` joined, so `join` is that join when a filter is set and empty otherwise.
 */
function workerWhere(filter: WorkerFilter, from: number): { sql: string; params: unknown[]; join: string } {
  if (filter.station === undefined && filter.role === undefined) return { sql: 'true', params: [], join: '' };
  return {
    sql: `($${from}::text IS NULL OR $${from} = ANY(ws.stations)) AND ($${from + 1}::text IS NULL OR $${from + 1} = ANY(ws.roles))`,
    params: [filter.station ?? null, filter.role ?? null],
    join: 'JOIN worker_states ws USING (employee_id)',
  };
}

type Counts = Record<LessonStanding, number>;
const emptyCounts = (): Counts => ({ done: 0, 'due-soon': 0, overdue: 0, failed: 0, 'never-started': 0 });

/** A scope's figures from its cells' standings: done or due soon is held; nothing required has no percentage. */
function figures(counts: Counts) {
  const required = counts.done + counts['due-soon'] + counts.overdue + counts.failed + counts['never-started'];
  const held = counts.done + counts['due-soon'];
  return {
    required,
    completionPct: required === 0 ? null : Math.round((held / required) * 1000) / 10,
    overdue: counts.overdue,
    failed: counts.failed,
    dueSoon: counts['due-soon'],
    neverStarted: counts['never-started'],
  };
}

export async function overview(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter): Promise<OverviewResponse> {
  const siteIds = sites.map((s) => s.id);
  const w = workerWhere(filter, 2);
  const [stations, heads, siteCells, stationCells] = await Promise.all([
    db.query<{ site_id: string; id: string; name: string }>(
      'SELECT site_id, id, name FROM stations WHERE site_id = ANY($1) AND NOT deleted AND ($2::text IS NULL OR id = $2) ORDER BY site_id, id',
      [siteIds, filter.station ?? null],
    ),
    db.query<{ site_id: string; station: string | null; n: number }>(
      `SELECT ws.site_id, NULL AS station, count(*)::int AS n FROM worker_states ws WHERE ws.site_id = ANY($1) AND ${w.sql} GROUP BY 1
       UNION ALL
       SELECT ws.site_id, st, count(*)::int FROM worker_states ws, unnest(ws.stations) st WHERE ws.site_id = ANY($1) AND ${w.sql} GROUP BY 1, 2`,
      [siteIds, ...w.params],
    ),
    db.query<{ site_id: string; standing: LessonStanding; n: number }>(
      `SELECT rs.site_id, rs.standing, count(*)::int AS n FROM requirement_states rs ${w.join}
        WHERE rs.site_id = ANY($1) AND ${w.sql} GROUP BY 1, 2`,
      [siteIds, ...w.params],
    ),
    // A station's figures count only what the station itself requires of the workers assigned to it.
    db.query<{ site_id: string; station: string; standing: LessonStanding; n: number }>(
      `SELECT rs.site_id, st AS station, rs.standing, count(*)::int AS n FROM requirement_states rs ${w.join} CROSS JOIN LATERAL unnest(rs.required_by_stations) st
        WHERE rs.site_id = ANY($1) AND ${w.sql} GROUP BY 1, 2, 3`,
      [siteIds, ...w.params],
    ),
  ]);
  const siteCounts = new Map<string, Counts>();
  for (const r of siteCells.rows) (siteCounts.get(r.site_id) ?? siteCounts.set(r.site_id, emptyCounts()).get(r.site_id)!)[r.standing] += r.n;
  const stationCounts = new Map<string, Counts>();
  for (const r of stationCells.rows) {
    const key = `${r.site_id}\u0000${r.station}`;
    (stationCounts.get(key) ?? stationCounts.set(key, emptyCounts()).get(key)!)[r.standing] += r.n;
  }
  const headCount = new Map(heads.rows.map((r) => [`${r.site_id}\u0000${r.station ?? ''}`, r.n]));
  return {
    sites: sites.map((s) => ({
      id: s.id,
      name: s.name,
      workers: headCount.get(`${s.id}\u0000`) ?? 0,
      ...figures(siteCounts.get(s.id) ?? emptyCounts()),
      stations: stations.rows
        .filter((st) => st.site_id === s.id)
        .map((st) => ({
          id: st.id,
          name: st.name,
          workers: headCount.get(`${s.id}\u0000${st.id}`) ?? 0,
          ...figures(stationCounts.get(`${s.id}\u0000${st.id}`) ?? emptyCounts()),
        })),
    })),
  };
}

const ORDER: Record<OverdueQuery['sort'], string> = {
  urgency: 'rs.urgency, rs.due_at NULLS FIRST, rs.worker_name, rs.lesson_id',
  due: 'rs.due_at NULLS LAST, rs.worker_name, rs.lesson_id',
  worker: 'rs.worker_name, rs.employee_id, rs.lesson_id',
};

/** One page of open requirements (anything not done), sorted server-side. */
export async function overduePage(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter, q: Pick<OverdueQuery, 'page' | 'pageSize' | 'sort' | 'status'>): Promise<OverdueResponse> {
  const w = workerWhere(filter, 3);
  const where = `rs.site_id = ANY($1) AND rs.standing <> 'done' AND ($2::text IS NULL OR rs.standing = $2) AND ${w.sql}`;
  const params = [sites.map((s) => s.id), q.status ?? null, ...w.params];
  const [rows, total] = await Promise.all([
    db.query<{ employee_id: string; worker_name: string; site_id: string; lesson_id: string; lesson_title: string; standing: string; due_at: Date | string | null }>(
      `SELECT rs.employee_id, rs.worker_name, rs.site_id, rs.lesson_id, rs.lesson_title, rs.standing, rs.due_at
         FROM requirement_states rs ${w.join}
        WHERE ${where} ORDER BY ${ORDER[q.sort]} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      params,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requirement_states rs ${w.join} WHERE ${where}`, params),
  ]);
  return {
    rows: rows.rows.map((r) => ({
      workerId: r.employee_id,
      employeeId: r.employee_id,
      workerName: r.worker_name,
      siteId: r.site_id,
      lessonId: r.lesson_id,
      lessonTitle: r.lesson_title,
      status: r.standing as OverdueResponse['rows'][number]['status'],
      dueAt: iso(r.due_at),
    })),
    total: total.rows[0].n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function iso(t: Date | string | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

/** Recertifications expiring from now to `days` days ahead, grouped by UTC day; days without any are left out. */
export async function recertCalendar(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter, now: Date, days: number): Promise<RecertCalendarResponse> {
  const w = workerWhere(filter, 4);
  // A due date on a lesson never passed is an onboarding deadline, not a recertification.
  const r = await db.query<{ employee_id: string; worker_name: string; lesson_id: string; lesson_title: string; due_at: Date | string }>(
    `SELECT rs.employee_id, rs.worker_name, rs.lesson_id, rs.lesson_title, rs.due_at
       FROM requirement_states rs ${w.join}
      WHERE rs.site_id = ANY($1) AND rs.completed_at IS NOT NULL AND rs.due_at >= $2 AND rs.due_at <= $3 AND ${w.sql}
      ORDER BY rs.due_at, rs.worker_name`,
    [sites.map((s) => s.id), now.toISOString(), new Date(now.getTime() + days * DAY_MS).toISOString(), ...w.params],
  );
  const byDay = new Map<string, RecertCalendarResponse['days'][number]['items']>();
  for (const row of r.rows) {
    const dueAt = iso(row.due_at)!;
    const day = dueAt.slice(0, 10);
    const items = byDay.get(day) ?? byDay.set(day, []).get(day)!;
    items.push({ workerId: row.employee_id, workerName: row.worker_name, lessonId: row.lesson_id, lessonTitle: row.lesson_title, dueAt });
  }
  return { days: [...byDay.entries()].map(([date, items]) => ({ date, items })) };
}

/** One page of a site's (or station's) workers by name, with their required lessons as columns. */
export async function skillMatrixPage(db: Queryable, site: SiteRef | null, filter: WorkerFilter, page: number, pageSize: number): Promise<SkillMatrixResponse> {
  const scope = { siteId: site?.id ?? null, stationId: filter.station ?? null };
  if (!site) return { scope, total: 0, page, pageSize, lessons: [], workers: [] };
  const w = workerWhere(filter, 2);
  const params = [site.id, ...w.params];
  const [workers, total, columns] = await Promise.all([
    db.query<{ employee_id: string; display_name: string; standing: SkillMatrixResponse['workers'][number]['standing'] }>(
      `SELECT ws.employee_id, ws.display_name, ws.standing FROM worker_states ws WHERE ws.site_id = $1 AND ${w.sql}
        ORDER BY ws.display_name, ws.employee_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM worker_states ws WHERE ws.site_id = $1 AND ${w.sql}`, params),
    db.query<{ lesson_id: string; lesson_title: string }>(
      `SELECT DISTINCT rs.lesson_id, rs.lesson_title FROM requirement_states rs ${w.join} WHERE rs.site_id = $1 AND ${w.sql}`,
      params,
    ),
  ]);
  const ids = workers.rows.map((r) => r.employee_id);
  const cells = await db.query<{ employee_id: string; lesson_id: string; standing: SkillCell['status']; completed_at: Date | string | null; due_at: Date | string | null }>(
    'SELECT employee_id, lesson_id, standing, completed_at, due_at FROM requirement_states WHERE employee_id = ANY($1)',
    [ids],
  );
  const byWorker = new Map<string, Record<string, SkillCell>>();
  for (const c of cells.rows) {
    const row = byWorker.get(c.employee_id) ?? byWorker.set(c.employee_id, {}).get(c.employee_id)!;
    row[c.lesson_id] = { status: c.standing, completedAt: iso(c.completed_at), dueAt: iso(c.due_at) };
  }
  return {
    scope,
    total: total.rows[0].n,
    page,
    pageSize,
    lessons: columns.rows.map((r) => ({ id: r.lesson_id, title: r.lesson_title })).sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id)),
    workers: workers.rows.map((r) => ({ id: r.employee_id, employeeId: r.employee_id, name: r.display_name, standing: r.standing, cells: byWorker.get(r.employee_id) ?? {} })),
  };
}

/** Monday 00:00 UTC of the week holding t. */
function weekStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
}

/** Passing completions per week for the workers in scope, the last `weeks` weeks (this one included), oldest first. */
export async function completionsPerWeek(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter, now: Date, weeks: number): Promise<CompletionsPerWeekResponse> {
  const current = weekStart(now.getTime());
  const starts = Array.from({ length: weeks }, (_, i) => new Date(current - (weeks - 1 - i) * 7 * DAY_MS).toISOString().slice(0, 10));
  const w = workerWhere(filter, 4);
  const r = await db.query<{ week: string; n: number }>(
    `SELECT to_char(cw.week_start, 'YYYY-MM-DD') AS week, sum(cw.completions)::int AS n
       FROM completion_weeks cw JOIN worker_states ws USING (employee_id)
      WHERE cw.site_id = ANY($1) AND cw.week_start >= $2::date AND cw.week_start <= $3::date AND ${w.sql}
      GROUP BY 1`,
    [sites.map((s) => s.id), starts[0], starts[starts.length - 1], ...w.params],
  );
  const counts = new Map(r.rows.map((row) => [row.week, row.n]));
  return { weeks: starts.map((weekStart) => ({ weekStart, completions: counts.get(weekStart) ?? 0 })) };
}
