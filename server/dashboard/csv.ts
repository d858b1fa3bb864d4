import type {
  CompletionsPerWeekResponse,
  OverdueRow,
  OverviewResponse,
  RecertItem,
  SiteOverview,
  SkillMatrixResponse,
  StationOverview,
} from '../../common/contracts/dashboard';
import { csvHeader, csvRow } from '../export/csv';

type Cell = string | number | boolean | null | undefined;

/** RFC 4180 text (BOM, CRLF, quoted where needed); csvRow neutralises spreadsheet formulas in every cell. */
export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return csvHeader(header) + rows.map((r) => csvRow([...r])).join('');
}

/** Site rows (station columns empty) count every lesson the site's workers need; station rows only what the station requires. */
export function overviewCsv(v: OverviewResponse): string {
  const figures = (f: SiteOverview | StationOverview): Cell[] => [f.workers, f.required, f.completionPct, f.overdue, f.failed, f.dueSoon, f.neverStarted];
  const rows: Cell[][] = [];
  for (const s of v.sites) {
    rows.push([s.id, s.name, '', '', ...figures(s)]);
    for (const st of s.stations) rows.push([s.id, s.name, st.id, st.name, ...figures(st)]);
  }
  return toCsv(['site_id', 'site_name', 'station_id', 'station_name', 'workers', 'required', 'completion_pct', 'overdue', 'failed', 'due_soon', 'never_started'], rows);
}

/** Streamed: every open requirement, page after page. */
export async function* overdueCsvRows(pages: AsyncIterable<OverdueRow[]>): AsyncGenerator<string> {
  yield csvHeader(['employee_id', 'worker_name', 'site_id', 'lesson_id', 'lesson_title', 'status', 'due_at']);
  for await (const rows of pages) yield rows.map((r) => csvRow([r.employeeId, r.workerName, r.siteId, r.lessonId, r.lessonTitle, r.status, r.dueAt])).join('');
}

/** Streamed: every recertification of the window by due date, page after page; `date` is the UTC day it falls due. */
export async function* recertCalendarCsvRows(pages: AsyncIterable<RecertItem[]>): AsyncGenerator<string> {
  yield csvHeader(['date', 'employee_id', 'worker_name', 'lesson_id', 'lesson_title', 'due_at']);
  for await (const items of pages) yield items.map((i) => csvRow([i.dueAt.slice(0, 10), i.workerId, i.workerName, i.lessonId, i.lessonTitle, i.dueAt])).join('');
}

/** Streamed: one row per worker (their overall standing, then one column per lesson, by title), page after page. */
export async function* skillMatrixCsvRows(lessons: SkillMatrixResponse['lessons'], pages: AsyncIterable<SkillMatrixResponse>): AsyncGenerator<string> {
  yield csvHeader(['employee_id', 'worker_name', 'standing', ...lessons.map((l) => l.title)]);
  for await (const page of pages) {
    yield page.workers.map((w) => csvRow([w.employeeId, w.name, w.standing, ...lessons.map((l) => w.cells[l.id]?.status ?? 'not-required')])).join('');
  }
}

export function completionsPerWeekCsv(v: CompletionsPerWeekResponse): string {
  return toCsv(['week_start', 'completions'], v.weeks.map((w) => [w.weekStart, w.completions]));
}
