import type {
  CompletionsPerWeekResponse,
  OverdueQuery,
  OverdueResponse,
  OverdueRow,
  OverviewResponse,
  RecertCalendarQuery,
  RecertCalendarResponse,
  RecertItem,
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

/** Adds n cells of a standing to a scope's counts. */
function add(counts: Map<string, Counts>, key: string, standing: LessonStanding, n: number): void {
  (counts.get(key) ?? counts.set(key, emptyCounts()).get(key)!)[standing] += n;
}

export async function overview(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter): Promise<OverviewResponse> {
  const siteIds = sites.map((s) => s.id);
  const w = workerWhere(filter, 2);
  // Grouped by the stations arrays themselves (a handful of distinct ones per site): one pass over
  // the scope's rows gives both the site figures and, spread over each array's stations, the
  // station figures.
  const [stations, heads, cells] = await Promise.all([
    db.query<{ site_id: string; id: string; name: string }>(
      'SELECT site_id, id, name FROM stations WHERE site_id = ANY($1) AND NOT deleted AND ($2::text IS NULL OR id = $2) ORDER BY site_id, id',
      [siteIds, filter.station ?? null],
    ),
    db.query<{ site_id: string; stations: string[]; n: number }>(
      `SELECT ws.site_id, ws.stations, count(*)::int AS n FROM worker_states ws WHERE ws.site_id = ANY($1) AND ${w.sql} GROUP BY 1, 2`,
      [siteIds, ...w.params],
    ),
    // A station's figures count only what the station itself requires of the workers assigned to it.
    db.query<{ site_id: string; standing: LessonStanding; stations: string[]; n: number }>(
      `SELECT rs.site_id, rs.standing, rs.required_by_stations AS stations, count(*)::int AS n FROM requirement_states rs ${w.join}
        WHERE rs.site_id = ANY($1) AND ${w.sql} GROUP BY 1, 2, 3`,
      [siteIds, ...w.params],
    ),
  ]);
  const key = (site: string, station = '') => `${site}\u0000${station}`;
  const counts = new Map<string, Counts>();
  for (const r of cells.rows) {
    add(counts, key(r.site_id), r.standing, r.n);
    for (const st of r.stations) add(counts, key(r.site_id, st), r.standing, r.n);
  }
  const headCount = new Map<string, number>();
  const addHeads = (k: string, n: number) => headCount.set(k, (headCount.get(k) ?? 0) + n);
  for (const r of heads.rows) {
    addHeads(key(r.site_id), r.n);
    for (const st of r.stations) addHeads(key(r.site_id, st), r.n);
  }
  return {
    sites: sites.map((s) => ({
      id: s.id,
      name: s.name,
      workers: headCount.get(key(s.id)) ?? 0,
      ...figures(counts.get(key(s.id)) ?? emptyCounts()),
      stations: stations.rows
        .filter((st) => st.site_id === s.id)
        .map((st) => ({
          id: st.id,
          name: st.name,
          workers: headCount.get(key(s.id, st.id)) ?? 0,
          ...figures(counts.get(key(s.id, st.id)) ?? emptyCounts()),
        })),
    })),
  };
}

/**
 * A sort order as its key expressions with their SQL types, unique together (each ends with
 * employee_id, lesson_id): a page can start right after a row by comparing keys (keyset paging),
 * instead of sorting and skipping every row before it (OFFSET).
 */
type SortKeys = ReadonlyArray<readonly [sql: string, type: string]>;

const orderBy = (keys: SortKeys) => keys.map(([k]) => k).join(', ');
/** The keys of each row as text, to resume after the last one; text round-trips every type exactly. */
const cursorColumns = (keys: SortKeys) => keys.map(([k], i) => `(${k})::text AS k${i}`).join(', ');
const cursorOf = (keys: SortKeys, row: Record<string, unknown>) => keys.map((_, i) => String(row[`k${i}`]));

/** Rows after a cursor, parameters from $from on (a row comparison, which a btree index with these columns serves). */
function afterCursor(keys: SortKeys, cursor: readonly string[] | null, from: number): { sql: string; params: string[] } {
  if (!cursor) return { sql: 'true', params: [] };
  return { sql: `(${orderBy(keys)}) > (${keys.map(([, type], i) => `$${from + i}::${type}`).join(', ')})`, params: [...cursor] };
}

/**
 * Every row of a sorted query, a page at a time: each page starts after the last row of the one
 * before, so a long download costs the same per row from the first page to the last, and no
 * connection is held between pages. A row whose sort keys change meanwhile may be met twice or
 * not at all, as in any list read in pages.
 */
async function* keysetPages<R extends Record<string, unknown>>(
  keys: SortKeys,
  pageSize: number,
  cursorParamsFrom: number,
  page: (after: { sql: string; params: string[] }, limit: number) => Promise<R[]>,
): AsyncGenerator<R[]> {
  let cursor: string[] | null = null;
  for (;;) {
    const rows = await page(afterCursor(keys, cursor, cursorParamsFrom), pageSize);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    cursor = cursorOf(keys, rows[rows.length - 1]);
  }
}

/** Rows a CSV download reads per query: enough to amortise a round trip, small enough to keep memory flat. */
const STREAM_PAGE = 2_000;

const OVERDUE_KEYS: Record<OverdueQuery['sort'], SortKeys> = {
  // NULLS FIRST / LAST as values, so a row comparison can resume after a row without a due date.
  urgency: [['rs.urgency', 'smallint'], ["coalesce(rs.due_at, '-infinity'::timestamptz)", 'timestamptz'], ['rs.worker_name', 'text'], ['rs.employee_id', 'text'], ['rs.lesson_id', 'text']],
  due: [["coalesce(rs.due_at, 'infinity'::timestamptz)", 'timestamptz'], ['rs.worker_name', 'text'], ['rs.employee_id', 'text'], ['rs.lesson_id', 'text']],
  worker: [['rs.worker_name', 'text'], ['rs.employee_id', 'text'], ['rs.lesson_id', 'text']],
};

type OverdueFilter = Pick<OverdueQuery, 'sort' | 'status'>;
type OverdueDbRow = { employee_id: string; worker_name: string; site_id: string; lesson_id: string; lesson_title: string; standing: string; due_at: Date | string | null };

/** Open requirements (anything not done) of the scope: the WHERE clause, parameters from $1, and the rows' columns. */
function overdueQuery(sites: readonly SiteRef[], filter: WorkerFilter, q: OverdueFilter) {
  const w = workerWhere(filter, 3);
  return {
    from: `FROM requirement_states rs ${w.join} WHERE rs.site_id = ANY($1) AND rs.standing <> 'done' AND ($2::text IS NULL OR rs.standing = $2) AND ${w.sql}`,
    params: [sites.map((s) => s.id), q.status ?? null, ...w.params] as unknown[],
    columns: `rs.employee_id, rs.worker_name, rs.site_id, rs.lesson_id, rs.lesson_title, rs.standing, rs.due_at, ${cursorColumns(OVERDUE_KEYS[q.sort])}`,
  };
}

function overdueRow(r: OverdueDbRow): OverdueRow {
  return {
    workerId: r.employee_id,
    employeeId: r.employee_id,
    workerName: r.worker_name,
    siteId: r.site_id,
    lessonId: r.lesson_id,
    lessonTitle: r.lesson_title,
    status: r.standing as OverdueRow['status'],
    dueAt: iso(r.due_at),
  };
}

/** One page of open requirements, sorted server-side, with their total. */
export async function overduePage(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter, q: Pick<OverdueQuery, 'page' | 'pageSize' | 'sort' | 'status'>): Promise<OverdueResponse> {
  const { from, params, columns } = overdueQuery(sites, filter, q);
  const [rows, total] = await Promise.all([
    db.query<OverdueDbRow>(`SELECT ${columns} ${from} ORDER BY ${orderBy(OVERDUE_KEYS[q.sort])} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, params),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params),
  ]);
  return { rows: rows.rows.map(overdueRow), total: total.rows[0].n, page: q.page, pageSize: q.pageSize };
}

/** Every open requirement of the scope in the list's order, for the CSV download. */
export async function* overdueRows(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter, q: OverdueFilter, pageSize = STREAM_PAGE): AsyncGenerator<OverdueRow[]> {
  const { from, params, columns } = overdueQuery(sites, filter, q);
  const keys = OVERDUE_KEYS[q.sort];
  const pages = keysetPages(keys, pageSize, params.length + 1, async (after, limit) =>
    (await db.query<OverdueDbRow & Record<string, unknown>>(`SELECT ${columns} ${from} AND ${after.sql} ORDER BY ${orderBy(keys)} LIMIT ${limit}`, [...params, ...after.params])).rows,
  );
  for await (const rows of pages) yield rows.map(overdueRow);
}

function iso(t: Date | string | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

const RECERT_KEYS: SortKeys = [['rs.due_at', 'timestamptz'], ['rs.worker_name', 'text'], ['rs.employee_id', 'text'], ['rs.lesson_id', 'text']];
type RecertDbRow = { employee_id: string; worker_name: string; lesson_id: string; lesson_title: string; due_at: Date | string };

/** Recertifications of the scope falling due from now to `days` days ahead: the WHERE clause, parameters from $1. */
function recertQuery(sites: readonly SiteRef[], filter: WorkerFilter, now: Date, days: number) {
  const w = workerWhere(filter, 4);
  return {
    // A due date on a lesson never passed is an onboarding deadline, not a recertification.
    from: `FROM requirement_states rs ${w.join} WHERE rs.site_id = ANY($1) AND rs.completed_at IS NOT NULL AND rs.due_at >= $2 AND rs.due_at <= $3 AND ${w.sql}`,
    params: [sites.map((s) => s.id), now.toISOString(), new Date(now.getTime() + days * DAY_MS).toISOString(), ...w.params] as unknown[],
    columns: `rs.employee_id, rs.worker_name, rs.lesson_id, rs.lesson_title, rs.due_at, ${cursorColumns(RECERT_KEYS)}`,
  };
}

const recertItem = (r: RecertDbRow): RecertItem => ({ workerId: r.employee_id, workerName: r.worker_name, lessonId: r.lesson_id, lessonTitle: r.lesson_title, dueAt: iso(r.due_at)! });

/**
 * The recertification calendar: how many fall due on each UTC day of the window (days without any
 * are left out), and one page of them by due date. The counts stay a few dozen rows however many
 * workers the scope has; the names come a page at a time.
 */
export async function recertCalendar(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter, now: Date, q: Pick<RecertCalendarQuery, 'days' | 'page' | 'pageSize'>): Promise<RecertCalendarResponse> {
  const { from, params, columns } = recertQuery(sites, filter, now, q.days);
  const [days, items] = await Promise.all([
    db.query<{ date: string; count: number }>(`SELECT to_char(rs.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, count(*)::int AS count ${from} GROUP BY 1 ORDER BY 1`, params),
    db.query<RecertDbRow>(`SELECT ${columns} ${from} ORDER BY ${orderBy(RECERT_KEYS)} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`, params),
  ]);
  return {
    days: days.rows,
    items: items.rows.map(recertItem),
    total: days.rows.reduce((sum, d) => sum + d.count, 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Every recertification of the window by due date, for the CSV download. */
export async function* recertRows(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter, now: Date, days: number, pageSize = STREAM_PAGE): AsyncGenerator<RecertItem[]> {
  const { from, params, columns } = recertQuery(sites, filter, now, days);
  const pages = keysetPages(RECERT_KEYS, pageSize, params.length + 1, async (after, limit) =>
    (await db.query<RecertDbRow & Record<string, unknown>>(`SELECT ${columns} ${from} AND ${after.sql} ORDER BY ${orderBy(RECERT_KEYS)} LIMIT ${limit}`, [...params, ...after.params])).rows,
  );
  for await (const rows of pages) yield rows.map(recertItem);
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

/**
 * Passing completions per week, the last `weeks` weeks (this one included), oldest first. Without a
 * worker filter: every completion stored for the sites, from the per-site weekly counters (a few
 * rows per site and week however long the history), so a worker who has left since still counts
 * in the weeks they trained. With a station or role filter: the completions of the workers who
 * have that station or role now.
 */
export async function completionsPerWeek(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter, now: Date, weeks: number): Promise<CompletionsPerWeekResponse> {
  const current = weekStart(now.getTime());
  const starts = Array.from({ length: weeks }, (_, i) => new Date(current - (weeks - 1 - i) * 7 * DAY_MS).toISOString().slice(0, 10));
  const w = workerWhere(filter, 4);
  const params = [sites.map((s) => s.id), starts[0], starts[starts.length - 1], ...w.params];
  const r = w.join
    ? await db.query<{ week: string; n: number }>(
        `SELECT to_char(cw.week_start, 'YYYY-MM-DD') AS week, sum(cw.completions)::int AS n
           FROM completion_weeks cw JOIN worker_states ws USING (employee_id)
          WHERE cw.site_id = ANY($1) AND cw.week_start >= $2::date AND cw.week_start <= $3::date AND ${w.sql}
          GROUP BY 1`,
        params,
      )
    : await db.query<{ week: string; n: number }>(
        `SELECT to_char(week_start, 'YYYY-MM-DD') AS week, sum(completions)::int AS n
           FROM completion_site_weeks WHERE site_id = ANY($1) AND week_start >= $2::date AND week_start <= $3::date
          GROUP BY 1`,
        params,
      );
  const counts = new Map(r.rows.map((row) => [row.week, row.n]));
  return { weeks: starts.map((weekStart) => ({ weekStart, completions: counts.get(weekStart) ?? 0 })) };
}
