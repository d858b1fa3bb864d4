import type {
  CompletionsPerWeekResponse,
  OverdueResponse,
  OverdueRow,
  OverviewResponse,
  RecertCalendarResponse,
  SkillCell,
  SkillMatrixResponse,
} from '../../common/contracts/dashboard';
import { skillMatrix, stationSummary, workerStanding, type Catalog, type Completion, type LessonStanding, type WorkerSkillRow } from '../../common/paths';
import type { DashboardData, DashboardWorker, SiteData } from './data';

/**
 * The dashboard's answers, shaped from the learning-paths engine's skill matrix and station
 * summaries (the same status rules the kiosk ranks by). Pure: data and `now` in, JSON out.
 */

const DAY_MS = 86_400_000;

export interface SiteMatrix extends SiteData {
  matrix: WorkerSkillRow[];
}

export function computeMatrices(data: DashboardData, now: Date): SiteMatrix[] {
  return data.sites.map((site) => ({
    ...site,
    matrix: skillMatrix({
      workers: site.workers.map((w) => ({ id: w.employeeId, roles: w.roles, stations: w.stations, language: w.language })),
      catalog: site.catalog,
      requirements: site.requirements,
      historyByWorker: data.historyByWorker,
      now,
    }),
  }));
}

const titleIndex = new WeakMap<Catalog, Map<string, string>>();

/** English title, else any, else the id; indexed once per catalog (called for every cell). */
export function lessonTitle(catalog: Catalog, lessonId: string): string {
  let index = titleIndex.get(catalog);
  if (!index) {
    index = new Map(catalog.map((l) => [l.id, l.titles.en ?? Object.values(l.titles)[0] ?? l.id]));
    titleIndex.set(catalog, index);
  }
  return index.get(lessonId) ?? lessonId;
}

type Counts = Record<LessonStanding, number>;

function emptyCounts(): Counts {
  return { done: 0, 'due-soon': 0, overdue: 0, failed: 0, 'never-started': 0 };
}

/** The figures of a scope from its cells' standings; same rule as stationSummary: done or due soon is held. */
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

export function overview(sites: readonly SiteMatrix[], stationFilter?: string): OverviewResponse {
  return {
    sites: sites.map((s) => {
      const counts = emptyCounts();
      for (const row of s.matrix) for (const cell of row.lessons) counts[cell.standing] += 1;
      const stations = s.stations
        .filter((st) => stationFilter === undefined || st.id === stationFilter)
        .map((st) => ({
          id: st.id,
          name: st.name,
          // Head count of the station (the engine's count leaves out workers it requires nothing of).
          workers: s.workers.filter((w) => w.stations.includes(st.id)).length,
          ...figures(stationSummary(s.matrix, st.id).standings),
        }));
      return { id: s.site.id, name: s.site.name, workers: s.workers.length, ...figures(counts), stations };
    }),
  };
}

const URGENCY: Record<OverdueRow['status'], number> = { overdue: 0, failed: 1, 'due-soon': 2, 'never-started': 3 };

function workerIndex(s: SiteMatrix): Map<string, DashboardWorker> {
  return new Map(s.workers.map((w) => [w.employeeId, w]));
}

/** Every open requirement: overdue first, then failed (retake due), due soon, never started; earliest due first. */
export function overdueList(sites: readonly SiteMatrix[]): OverdueResponse {
  const rows: OverdueRow[] = [];
  for (const s of sites) {
    const workers = workerIndex(s);
    for (const row of s.matrix) {
      const w = workers.get(row.workerId)!;
      for (const cell of row.lessons) {
        if (cell.standing === 'done') continue;
        rows.push({
          workerId: w.employeeId,
          employeeId: w.employeeId,
          workerName: w.name,
          siteId: s.site.id,
          lessonId: cell.lessonId,
          lessonTitle: lessonTitle(s.catalog, cell.lessonId),
          status: cell.standing,
          dueAt: cell.dueAt,
        });
      }
    }
  }
  rows.sort(
    (a, b) =>
      URGENCY[a.status] - URGENCY[b.status] ||
      (a.dueAt ?? '').localeCompare(b.dueAt ?? '') ||
      a.workerName.localeCompare(b.workerName) ||
      a.lessonId.localeCompare(b.lessonId),
  );
  return { rows };
}

function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Recertifications expiring from now to `days` days ahead, grouped by UTC day; days without any are left out. */
export function recertCalendar(sites: readonly SiteMatrix[], now: Date, days: number): RecertCalendarResponse {
  const end = now.getTime() + days * DAY_MS;
  const byDay = new Map<string, RecertCalendarResponse['days'][number]['items']>();
  for (const s of sites) {
    const workers = workerIndex(s);
    for (const row of s.matrix) {
      for (const cell of row.lessons) {
        // A due date on a lesson never passed is an onboarding deadline, not a recertification.
        if (cell.completedAt === null || cell.dueAt === null) continue;
        const due = Date.parse(cell.dueAt);
        if (due < now.getTime() || due > end) continue;
        const w = workers.get(row.workerId)!;
        const key = dayKey(due);
        const items = byDay.get(key) ?? [];
        items.push({ workerId: w.employeeId, workerName: w.name, lessonId: cell.lessonId, lessonTitle: lessonTitle(s.catalog, cell.lessonId), dueAt: cell.dueAt });
        byDay.set(key, items);
      }
    }
  }
  return {
    days: [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, items]) => ({ date, items: items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.workerName.localeCompare(b.workerName)) })),
  };
}

/** Workers x every lesson any of them is required to do; a lesson not required of a worker is 'not-required'. */
export function skillMatrixView(sites: readonly SiteMatrix[]): SkillMatrixResponse {
  const lessons = new Map<string, string>();
  for (const s of sites) for (const row of s.matrix) for (const cell of row.lessons) if (!lessons.has(cell.lessonId)) lessons.set(cell.lessonId, lessonTitle(s.catalog, cell.lessonId));
  const columns = [...lessons.entries()].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  const workers = sites.flatMap((s) => {
    const index = workerIndex(s);
    return s.matrix.map((row) => {
      const w = index.get(row.workerId)!;
      const held = new Map(row.lessons.map((c) => [c.lessonId, c]));
      const cells: Record<string, SkillCell> = {};
      for (const col of columns) {
        const c = held.get(col.id);
        cells[col.id] = c ? { status: c.standing, completedAt: c.completedAt, dueAt: c.dueAt } : { status: 'not-required', completedAt: null, dueAt: null };
      }
      return { id: w.employeeId, employeeId: w.employeeId, name: w.name, standing: workerStanding(row.lessons.map((c) => c.standing)), cells };
    });
  });
  workers.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { lessons: columns, workers };
}

/** Monday 00:00 UTC of the week holding t. */
function weekStart(t: number): number {
  const d = new Date(t);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

/** Passing completions per week for the given workers, the last `weeks` weeks (this one included), oldest first. */
export function completionsPerWeek(history: Readonly<Record<string, readonly Completion[]>>, workerIds: readonly string[], now: Date, weeks: number): CompletionsPerWeekResponse {
  const current = weekStart(now.getTime());
  const starts = Array.from({ length: weeks }, (_, i) => current - (weeks - 1 - i) * 7 * DAY_MS);
  const counts = new Map(starts.map((s) => [s, 0]));
  for (const id of workerIds) {
    for (const c of history[id] ?? []) {
      if (c.passed === false) continue;
      const at = Date.parse(c.completedAt);
      if (at > now.getTime()) continue;
      const key = weekStart(at);
      if (counts.has(key)) counts.set(key, counts.get(key)! + 1);
    }
  }
  return { weeks: starts.map((s) => ({ weekStart: dayKey(s), completions: counts.get(s)! })) };
}
