import { compareIds, indexCatalog } from './catalog';
import { type RequiredBy, requirementsFor } from './requirements';
import { DAY_MS, indexHistory, lessonStanding, parseTime, requiredLessonStatus, type LessonRecord, type LessonStanding, type RequirementStatus } from './status';
import { type Catalog, type Completion, defaultPathOptions, type PathOptions, type PathWorker, type Requirements, type RequirementTerms } from './types';

export type { RequirementStatus } from './status';

export interface SkillMatrixInput {
  workers: readonly PathWorker[];
  catalog: Catalog;
  requirements: Requirements;
  /** Completions per worker id; a worker missing here has completed nothing. */
  historyByWorker: Readonly<Record<string, readonly Completion[]>>;
  /** What the history says per worker and lesson, when the caller keeps that instead of the history (the server's summaries). */
  recordsByWorker?: Readonly<Record<string, ReadonlyMap<string, LessonRecord>>>;
  now: Date;
  options?: Partial<Pick<PathOptions, 'dueSoonDays' | 'onboardingDays'>>;
}

export interface SkillMatrixCell {
  lessonId: string;
  status: RequirementStatus;
  /** `status`, with a lesson sat but never passed told apart as 'failed'. */
  standing: LessonStanding;
  /** Latest passing completion. */
  completedAt: string | null;
  /** Expiry of a recurring lesson, the effective date a lesson not done is due by, or for a lesson never passed the new hire's onboarding deadline. */
  dueAt: string | null;
  /** When the clock alone may change this cell's status (due soon, then overdue; an effective date); null when it never does. */
  changesAt: string | null;
  requiredBy: RequiredBy;
}

export interface WorkerSkillRow {
  workerId: string;
  lessons: SkillMatrixCell[];
}

/**
 * Per worker, every lesson their roles and assigned stations require, with the same status rules
 * the kiosk engine ranks by (shared through status.ts and requirements.ts). Lessons a requirement
 * names but the catalog lacks are left out: nobody can take them.
 */
export function skillMatrix(input: SkillMatrixInput): WorkerSkillRow[] {
  const options = { ...defaultPathOptions, ...input.options };
  const index = indexCatalog(input.catalog);
  const now = input.now.getTime();
  // Workers of one roles-and-stations mix share what is required of them (most of a plant shares a few mixes).
  const plans = new Map<string, { required: [string, RequiredBy][]; terms: Map<string, RequirementTerms[]> }>();
  const planFor = (worker: PathWorker) => {
    const key = JSON.stringify([worker.roles, worker.stations]);
    let plan = plans.get(key);
    if (!plan) {
      const { lessons: required, terms } = requirementsFor(worker, input.requirements, null);
      const ordered = [...required].filter(([id]) => index.byId.has(id)).sort(([a], [b]) => (index.topoRank.get(a)! - index.topoRank.get(b)!) || compareIds(a, b));
      plans.set(key, (plan = { required: ordered, terms }));
    }
    return plan;
  };
  return [...input.workers]
    .sort((a, b) => compareIds(a.id, b.id))
    .map((worker) => {
      const records = input.recordsByWorker?.[worker.id] ?? indexHistory(input.historyByWorker[worker.id] ?? []);
      const hiredAt = worker.hiredAt ? parseTime(worker.hiredAt, `worker "${worker.id}" hiredAt`) : null;
      const { required, terms } = planFor(worker);
      const lessons = required
        .map(([lessonId, requiredBy]): SkillMatrixCell => {
          const record = records.get(lessonId);
          const { status, expiresAt, changesAt } = requiredLessonStatus(index.byId.get(lessonId)!, record, now, options.dueSoonDays, terms.get(lessonId) ?? []);
          const onboardingDue = status === 'never-started' && hiredAt !== null ? hiredAt + options.onboardingDays * DAY_MS : null;
          const due = expiresAt ?? onboardingDue;
          const passedAt = record?.lastPassedAt ?? null;
          return {
            lessonId,
            status,
            standing: lessonStanding(status, record),
            completedAt: passedAt === null ? null : new Date(passedAt).toISOString(),
            dueAt: due === null ? null : new Date(due).toISOString(),
            changesAt: changesAt === null ? null : new Date(changesAt).toISOString(),
            requiredBy,
          };
        });
      return { workerId: worker.id, lessons };
    });
}

export interface StationSummary {
  station: string;
  /** Workers with at least one lesson this station requires. */
  workers: number;
  counts: Record<RequirementStatus, number>;
  /** The same lessons by standing: failed attempts counted apart from lessons never sat. */
  standings: Record<LessonStanding, number>;
  total: number;
  /** Share of the station's required lessons currently held (done or due soon), 0-100, one decimal. */
  completionPercent: number;
}

/** Counts over the lessons the station requires, for the workers assigned to it. */
export function stationSummary(matrix: readonly WorkerSkillRow[], station: string): StationSummary {
  const counts: Record<RequirementStatus, number> = { done: 0, 'due-soon': 0, overdue: 0, 'never-started': 0 };
  const standings: Record<LessonStanding, number> = { done: 0, 'due-soon': 0, overdue: 0, failed: 0, 'never-started': 0 };
  let workers = 0;
  for (const row of matrix) {
    const cells = row.lessons.filter((cell) => cell.requiredBy.stations.includes(station));
    if (cells.length > 0) workers += 1;
    for (const cell of cells) {
      counts[cell.status] += 1;
      standings[cell.standing] += 1;
    }
  }
  const total = counts.done + counts['due-soon'] + counts.overdue + counts['never-started'];
  const held = counts.done + counts['due-soon'];
  return { station, workers, counts, standings, total, completionPercent: total === 0 ? 100 : Math.round((held / total) * 1000) / 10 };
}
