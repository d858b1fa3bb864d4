import type { BoardLessonStatus, StationBoard, StationBoardWorker, WorkerDetail } from '../../../common/contracts/staff';
import {
  skillMatrix,
  stationSummary,
  workerStanding,
  WORKER_STANDING_ORDER,
  type Catalog,
  type Completion,
  type PathWorker,
  type Requirements,
  type SkillMatrixCell,
} from '../../../common/paths';

/**
 * The supervisor's station board as a pure function of what the terminal stores: the status rules
 * are the learning-path engine's (skillMatrix / stationSummary), so the board and the worker's own
 * recommendations never disagree about what is due.
 */

export interface BoardWorkerInput extends PathWorker {
  displayName: string;
  employeeId: string;
}

/** A completion with the score the detail view shows (history rows carry it already). */
export interface BoardInput {
  station: { id: string; name: string };
  /** Workers assigned to the station. */
  workers: readonly BoardWorkerInput[];
  catalog: Catalog;
  requirements: Requirements;
  historyByWorker: Readonly<Record<string, readonly Completion[]>>;
  /** Latest completion of anything (reviews included) per worker. */
  lastActivityByWorker: Readonly<Record<string, string | null>>;
  /** Title language for the detail view. */
  language: string;
  now: Date;
}

const emptyCounts = (): Record<BoardLessonStatus, number> => ({ done: 0, 'due-soon': 0, overdue: 0, failed: 0, 'never-started': 0 });

/** The lessons a worker needs to work at this station: what the station requires and what their roles require. */
function neededHere(cell: SkillMatrixCell, station: string): boolean {
  return cell.requiredBy.stations.includes(station) || cell.requiredBy.roles.length > 0;
}

function matrix(input: BoardInput) {
  return skillMatrix({
    workers: input.workers,
    catalog: input.catalog,
    requirements: input.requirements,
    historyByWorker: input.historyByWorker,
    now: input.now,
  });
}

function earliest(dates: (string | null)[]): string | null {
  const set = dates.filter((d): d is string => d !== null).sort();
  return set[0] ?? null;
}

export function buildStationBoard(input: BoardInput): StationBoard {
  const rows = matrix(input);
  const byId = new Map(input.workers.map((w) => [w.id, w]));
  const workers = rows.map((row): StationBoardWorker => {
    const w = byId.get(row.workerId)!;
    const cells = row.lessons.filter((c) => neededHere(c, input.station.id));
    const counts = emptyCounts();
    for (const c of cells) counts[c.standing] += 1;
    const status = workerStanding(cells.map((c) => c.standing));
    return {
      workerId: w.id,
      displayName: w.displayName,
      employeeId: w.employeeId,
      roles: [...w.roles],
      status,
      counts,
      lastActivityAt: input.lastActivityByWorker[w.id] ?? null,
      nextDueAt: earliest(cells.map((c) => c.dueAt)),
    };
  });
  workers.sort((a, b) => WORKER_STANDING_ORDER.indexOf(a.status) - WORKER_STANDING_ORDER.indexOf(b.status) || a.displayName.localeCompare(b.displayName));
  const summary = stationSummary(rows, input.station.id);
  return {
    station: input.station,
    generatedAt: input.now.toISOString(),
    workers,
    summary: { counts: summary.standings, total: summary.total, completionPercent: summary.completionPercent },
  };
}

function titleOf(catalog: Catalog, lessonId: string, language: string): string {
  const titles = catalog.find((l) => l.id === lessonId)?.titles ?? {};
  return titles[language] ?? titles[language.split('-')[0]!] ?? titles.en ?? Object.values(titles)[0] ?? lessonId;
}

/** One worker's required lessons with status, dates, latest score and attempt count; null when not on this board. */
export function buildWorkerDetail(input: BoardInput, workerId: string): WorkerDetail | null {
  const w = input.workers.find((x) => x.id === workerId);
  if (!w) return null;
  const row = matrix({ ...input, workers: [w] })[0]!;
  const history = input.historyByWorker[w.id] ?? [];
  return {
    workerId: w.id,
    displayName: w.displayName,
    employeeId: w.employeeId,
    roles: [...w.roles],
    stations: [...w.stations],
    lastActivityAt: input.lastActivityByWorker[w.id] ?? null,
    lessons: row.lessons.map((c) => {
      const attempts = history.filter((h) => h.lessonId === c.lessonId);
      const latest = attempts.reduce<Completion | null>((a, b) => (a === null || b.completedAt > a.completedAt ? b : a), null);
      return {
        lessonId: c.lessonId,
        title: titleOf(input.catalog, c.lessonId, input.language),
        status: c.standing,
        requiredBy: { roles: [...c.requiredBy.roles], stations: [...c.requiredBy.stations] },
        completedAt: c.completedAt,
        dueAt: c.dueAt,
        lastScore: latest?.score ?? null,
        attempts: attempts.length,
      };
    }),
  };
}
