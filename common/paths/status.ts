import type { CatalogLesson, Completion, RequirementTerms } from './types';

export const DAY_MS = 24 * 60 * 60 * 1000;

export function parseTime(iso: string, what: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`${what}: "${iso}" is not an ISO 8601 timestamp; store times as new Date().toISOString()`);
  return t;
}

/** What a worker's history says about one lesson. */
export interface LessonRecord {
  /** Latest completion that did not fail (passed true, or null for a lesson without checks). */
  lastPassedAt: number | null;
  lastAttemptAt: number;
  attempts: number;
}


/**
 * A timestamp as text that sorts in time order. What the stores write (toISOString) already is,
 * and comparing text is several times cheaper than Date.parse on 10,000 results per badge tap;
 * anything else is parsed once and rewritten to that form.
 */
export function timeKey(iso: string, what: string): string {
  // Shape check only (length, 'T', 'Z'): a full regex here costs as much as the parse it avoids.
  const canonical = iso.length === 24 && iso.charCodeAt(10) === 84 && iso.charCodeAt(23) === 90 && iso.charCodeAt(19) === 46;
  return canonical ? iso : new Date(parseTime(iso, what)).toISOString();
}

/** One pass over the history: the engine and the skill matrix both start from this. */
export function indexHistory(history: readonly Completion[]): Map<string, LessonRecord> {
  const keys = new Map<string, { passed: string | null; attempt: string; attempts: number }>();
  for (const c of history) {
    const at = timeKey(c.completedAt, `completion of "${c.lessonId}"`);
    const passed = c.passed !== false;
    const k = keys.get(c.lessonId);
    if (!k) {
      keys.set(c.lessonId, { passed: passed ? at : null, attempt: at, attempts: 1 });
      continue;
    }
    k.attempts += 1;
    if (at > k.attempt) k.attempt = at;
    if (passed && (k.passed === null || at > k.passed)) k.passed = at;
  }
  const records = new Map<string, LessonRecord>();
  for (const [lessonId, k] of keys) {
    const what = `completion of "${lessonId}"`;
    records.set(lessonId, { lastPassedAt: k.passed === null ? null : parseTime(k.passed, what), lastAttemptAt: parseTime(k.attempt, what), attempts: k.attempts });
  }
  return records;
}

export type RequirementStatus = 'done' | 'due-soon' | 'overdue' | 'never-started';

export interface LessonStatus {
  status: RequirementStatus;
  /** When the current completion expires (recurring lessons only). */
  expiresAt: number | null;
}

/**
 * Where a worker stands on one lesson. A failed attempt does not count as done: the lesson stays
 * 'never-started' until passed. Completing any version counts; a new version does not reset it.
 */
export function lessonStatus(lesson: CatalogLesson, record: LessonRecord | undefined, now: number, dueSoonDays: number): LessonStatus {
  return statusEvery(lesson.recertifyAfterDays, record, now, dueSoonDays);
}

/** lessonStatus with the recertification interval given apart (a requirement's may replace the lesson's), so no lesson is copied per cell. */
function statusEvery(recertifyAfterDays: number | null, record: LessonRecord | undefined, now: number, dueSoonDays: number): LessonStatus {
  const passedAt = record?.lastPassedAt ?? null;
  if (passedAt === null) return { status: 'never-started', expiresAt: null };
  if (recertifyAfterDays === null) return { status: 'done', expiresAt: null };
  const expiresAt = passedAt + recertifyAfterDays * DAY_MS;
  if (now >= expiresAt) return { status: 'overdue', expiresAt };
  if (now >= expiresAt - dueSoonDays * DAY_MS) return { status: 'due-soon', expiresAt };
  return { status: 'done', expiresAt };
}

export interface RequiredLessonStatus extends LessonStatus {
  /** When the clock alone may change the status next (a due-soon window opening, an expiry, an effective date); null when never. */
  changesAt: number | null;
}

const SEVERITY: Record<RequirementStatus, number> = { done: 0, 'never-started': 1, 'due-soon': 2, overdue: 3 };
const ALWAYS: RequirementTerms = { recertDays: null, effectiveFrom: null };

/**
 * Where a worker stands on a lesson that requirements name, each with its own terms: the most
 * severe answer wins, so of several recertification intervals the shortest applies. Under one
 * requirement: its recertDays replaces the lesson's interval; before its effective date a lesson
 * not done (never passed, or expired) is due by that date, due soon inside the window, never
 * overdue; from that date a lesson never passed is overdue (without a date it stays never-started).
 * `expiresAt` is then the date it is due by.
 */
export function requiredLessonStatus(
  lesson: CatalogLesson,
  record: LessonRecord | undefined,
  now: number,
  dueSoonDays: number,
  terms: readonly RequirementTerms[],
): RequiredLessonStatus {
  const window = dueSoonDays * DAY_MS;
  let best: LessonStatus | null = null;
  const changes: number[] = [];
  for (const t of terms.length > 0 ? terms : [ALWAYS]) {
    const own = statusEvery(t.recertDays ?? lesson.recertifyAfterDays, record, now, dueSoonDays);
    if (own.expiresAt !== null) changes.push(own.expiresAt - window, own.expiresAt);
    let status = own;
    const from = t.effectiveFrom;
    if (from !== null) {
      changes.push(from - window, from);
      if (now < from && (own.status === 'never-started' || own.status === 'overdue')) {
        status = { status: now >= from - window ? 'due-soon' : 'never-started', expiresAt: from };
      } else if (now >= from && own.status === 'never-started') {
        status = { status: 'overdue', expiresAt: from };
      }
    }
    if (best === null || moreSevere(status, best)) best = status;
  }
  const next = changes.filter((t) => t > now);
  return { ...best!, changesAt: next.length === 0 ? null : Math.min(...next) };
}

/** Worse status first; of equals, the earlier due date (a date beats none). */
function moreSevere(a: LessonStatus, b: LessonStatus): boolean {
  const d = SEVERITY[a.status] - SEVERITY[b.status];
  if (d !== 0) return d > 0;
  return a.expiresAt !== null && (b.expiresAt === null || a.expiresAt < b.expiresAt);
}

/**
 * Where a worker stands on one required lesson, as the station board and reports show it: a lesson
 * sat but never passed is 'failed' (a retake is due), not 'never-started'.
 */
export type LessonStanding = RequirementStatus | 'failed';

export function lessonStanding(status: RequirementStatus, record: LessonRecord | undefined): LessonStanding {
  // A lesson passed once and expired before its requirement's effective date is also 'never-started'.
  return status === 'never-started' && record !== undefined && record.lastPassedAt === null ? 'failed' : status;
}

/** A worker's one status over the lessons they need: 'in-progress' when some are held and others not started. */
export type WorkerStanding = LessonStanding | 'in-progress';

/** Most urgent first: what a supervisor has to act on before what is merely outstanding. */
export const WORKER_STANDING_ORDER: readonly WorkerStanding[] = ['overdue', 'failed', 'due-soon', 'in-progress', 'never-started', 'done'];

export function workerStanding(lessons: readonly LessonStanding[]): WorkerStanding {
  const has = (s: LessonStanding) => lessons.includes(s);
  if (has('overdue')) return 'overdue';
  if (has('failed')) return 'failed';
  if (has('due-soon')) return 'due-soon';
  if (has('never-started')) return has('done') ? 'in-progress' : 'never-started';
  return 'done';
}

/** Prerequisites need a passing completion at any time; an expired one still counts (recertification handles expiry). */
export function prerequisitesMet(lesson: CatalogLesson, records: ReadonlyMap<string, LessonRecord>): boolean {
  return lesson.prerequisites.every((pre) => (records.get(pre)?.lastPassedAt ?? null) !== null);
}
