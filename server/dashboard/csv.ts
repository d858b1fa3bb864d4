import type {
  CompletionsPerWeekResponse,
  OverdueResponse,
  OverviewResponse,
  RecertCalendarResponse,
  SkillMatrixResponse,
} from '../../common/contracts/dashboard';
import { csvRow } from '../export/csv';

type Cell = string | number | boolean | null | undefined;

/** RFC 4180 text (CRLF, quoted where needed); csvRow neutralises spreadsheet formulas in every cell. */
export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((r) => csvRow([...r])).join('');
}

export function overviewCsv(v: OverviewResponse): string {
  const rows: Cell[][] = [];
  for (const s of v.sites) {
    rows.push([s.id, s.name, '', '', s.workers, s.completionPct, s.overdue, s.dueSoon, '']);
    for (const st of s.stations) rows.push([s.id, s.name, st.id, st.name, st.workers, st.completionPct, st.overdue, st.dueSoon, st.neverStarted]);
  }
  return toCsv(['site_id', 'site_name', 'station_id', 'station_name', 'workers', 'completion_pct', 'overdue', 'due_soon', 'never_started'], rows);
}

export function overdueCsv(v: OverdueResponse): string {
  return toCsv(
    ['employee_id', 'worker_name', 'site_id', 'lesson_id', 'lesson_title', 'status', 'due_at'],
    v.rows.map((r) => [r.employeeId, r.workerName, r.siteId, r.lessonId, r.lessonTitle, r.status, r.dueAt]),
  );
}

export function recertCalendarCsv(v: RecertCalendarResponse): string {
  return toCsv(
    ['date', 'employee_id', 'worker_name', 'lesson_id', 'lesson_title', 'due_at'],
    v.days.flatMap((d) => d.items.map((i) => [d.date, i.workerId, i.workerName, i.lessonId, i.lessonTitle, i.dueAt])),
  );
}

/** One row per worker, one column per lesson (its title), each cell the status. */
export function skillMatrixCsv(v: SkillMatrixResponse): string {
  return toCsv(
    ['employee_id', 'worker_name', ...v.lessons.map((l) => l.title)],
    v.workers.map((w) => [w.employeeId, w.name, ...v.lessons.map((l) => w.cells[l.id]?.status ?? 'not-required')]),
  );
}

export function completionsPerWeekCsv(v: CompletionsPerWeekResponse): string {
  return toCsv(['week_start', 'completions'], v.weeks.map((w) => [w.weekStart, w.completions]));
}
