import { compareIds, type CatalogIndex, indexCatalog } from './catalog';
import { pickTitle, reasonsFor, type Requirer } from './messages';
import { buildReviewSession, type ReviewSession } from './reinforcement';
import { type RequiredBy, requirementsFor, type WorkerRequirements } from './requirements';
import { DAY_MS, indexHistory, type LessonRecord, lessonStatus, parseTime, prerequisitesMet, requiredLessonStatus } from './status';
import {
  type CatalogLesson,
  defaultPathOptions,
  type ItemState,
  type PathOptions,
  type ReasonCode,
  reasonCodes,
  type Recommendation,
  type RecommendationDetail,
  type RecommendInput,
  type RecommendResult,
  type Requirement,
  type ReviewPlan,
} from './types';

/** A review question takes about half a minute at the terminal. */
const MINUTES_PER_REVIEW_ITEM = 0.5;
const MAX_ALTERNATIVES = 2;

interface Candidate {
  lessonId: string;
  code: ReasonCode;
  durationMinutes: number;
  /** Urgency within the reason code, compared element by element; lower is more urgent. */
  urgency: number[];
  /** Required lesson this one is a missing prerequisite of; '' when offered for itself. */
  neededFor: string;
  /** Built only for the few candidates that are shown. */
  describe: () => Omit<Recommendation, 'lessonId' | 'reasonCode'>;
}

/**
 * The next right few minutes for a worker at a station. Ranking: order of concern first
 * (`reasonCodes`), then within one concern the candidates that fit the time budget by urgency,
 * then those that do not fit, shortest first; the lesson id breaks every remaining tie.
 *
 * Rules that are easy to miss:
 * - A lesson is eligible only when every prerequisite has a passing completion (expired or not).
 *   A required lesson that is blocked pulls its missing prerequisites in at its own concern.
 * - "Finished today" means a passing completion in the last 24 hours (not a calendar date, so the
 *   rule needs no time zone); such a lesson is not offered again. A failed attempt does not count:
 *   the requirement is still open and the worker may retry at once. Due reviews are exempt.
 * - Optional lessons are those whose own metadata names the worker's roles or stations; the rest of
 *   the catalog is never pushed.
 */
export function recommend(input: RecommendInput): RecommendResult {
  const options: PathOptions = {
    ...defaultPathOptions,
    ...input.options,
    budgetMinutes: input.budgetMinutes ?? defaultPathOptions.budgetMinutes,
  };
  const ctx = makeContext(input, options);
  const candidates = new Map<string, Candidate>();
  offerRequired(ctx, candidates);
  offerSkillGaps(ctx, candidates);
  offerOptional(ctx, candidates);

  const session = buildReviewSession(input.itemStates, ctx.lessonsDone, input.now, options.review);
  const ranked = [...candidates.values()];
  if (session && session.dueCount > 0) ranked.push(reviewCandidate(ctx, session));
  ranked.sort((a, b) => compareCandidates(a, b, options.budgetMinutes));

  const shown = ranked.slice(0, 1 + MAX_ALTERNATIVES).map(toRecommendation);
  const review = session ? reviewPlan(ctx, session) : null;
  const primary = shown[0] ?? null;
  return {
    primary,
    alternatives: shown.slice(1),
    caughtUp: primary === null && review === null,
    review,
  };
}

interface Context {
  input: RecommendInput;
  options: PathOptions;
  now: number;
  index: CatalogIndex;
  records: Map<string, LessonRecord>;
  lessonsDone: Set<string>;
  required: WorkerRequirements;
  msgs: ReturnType<typeof reasonsFor>;
}

function makeContext(input: RecommendInput, options: PathOptions): Context {
  const index = indexCatalog(input.catalog);
  const records = indexHistory(input.history);
  // Review items come from lessons the worker has sat, passed or not, and that are still published.
  const lessonsDone = new Set([...records.keys()].filter((id) => index.byId.has(id)));
  const required = requirementsFor(input.worker, input.requirements, input.station);
  return { input, options, now: input.now.getTime(), index, records, lessonsDone, required, msgs: reasonsFor(input.worker.language) };
}

function finishedToday(ctx: Context, lessonId: string): boolean {
  const passedAt = ctx.records.get(lessonId)?.lastPassedAt ?? null;
  return passedAt !== null && ctx.now - passedAt < DAY_MS;
}

function offerable(ctx: Context, lesson: CatalogLesson): boolean {
  return prerequisitesMet(lesson, ctx.records) && !finishedToday(ctx, lesson.id);
}

function title(ctx: Context, lesson: CatalogLesson): string {
  return pickTitle(lesson.titles, ctx.input.worker.language, lesson.id);
}

function requirerOf(ctx: Context, by: RequiredBy): Requirer {
  const station = by.stations[0];
  if (station !== undefined) return { kind: 'station', name: ctx.input.names?.stations?.[station] ?? station };
  const role = by.roles[0] ?? '';
  return { kind: 'role', name: ctx.input.names?.roles?.[role] ?? role };
}

/**
 * Keeps the more urgent of two offers of the same lesson (e.g. required by a station and pulled in
 * as a prerequisite); on a tie the lesson offered for itself, then the lower neededFor id, so the
 * outcome never depends on the order requirements were listed in.
 */
function offer(candidates: Map<string, Candidate>, candidate: Candidate): void {
  const existing = candidates.get(candidate.lessonId);
  const order = existing ? compareCandidates(candidate, existing, Infinity) || compareIds(candidate.neededFor, existing.neededFor) : -1;
  if (order < 0) candidates.set(candidate.lessonId, candidate);
}

function offerRequired(ctx: Context, candidates: Map<string, Candidate>): void {
  const { input, index, options, required } = ctx;
  const steps = stepsOf(ctx, input.requirements.byStation[input.station]);
  const stepsByRequirer = new Map<string, Map<string, number>>();
  const hiredAt = input.worker.hiredAt ? parseTime(input.worker.hiredAt, `worker "${input.worker.id}" hiredAt`) : null;
  const onboardingDue = hiredAt === null ? undefined : new Date(hiredAt + options.onboardingDays * DAY_MS).toISOString();

  for (const [lessonId, by] of required.lessons) {
    const lesson = index.byId.get(lessonId);
    if (!lesson) continue;
    const record = ctx.records.get(lessonId);
    const { status, expiresAt } = requiredLessonStatus(lesson, record, ctx.now, options.dueSoonDays, required.terms.get(lessonId) ?? []);
    if (status === 'done') continue;
    const requirer = requirerOf(ctx, by);
    const atTerminal = by.stations[0] === input.station ? 0 : 1;
    // Step order of the requirement the reason names, then curriculum order.
    const owner = by.stations[0] !== undefined ? `station:${by.stations[0]}` : `role:${by.roles[0]}`;
    let ownerSteps = stepsByRequirer.get(owner);
    if (!ownerSteps) {
      ownerSteps = stepsOf(ctx, by.stations[0] !== undefined ? input.requirements.byStation[by.stations[0]] : input.requirements.byRole[by.roles[0] ?? '']);
      stepsByRequirer.set(owner, ownerSteps);
    }
    const order = [ownerSteps.get(lessonId) ?? Number.MAX_SAFE_INTEGER, index.topoRank.get(lessonId) ?? Number.MAX_SAFE_INTEGER];
    // A lesson never passed is due for the first time (an effective date), not for recertification.
    const firstTime = (record?.lastPassedAt ?? null) === null;

    let code: ReasonCode;
    let urgency: number[];
    let reason: (msgs: Context['msgs']) => string;
    let detail: Partial<RecommendationDetail> = {};
    let dueAt: string | undefined;
    if (status === 'overdue' || status === 'due-soon') {
      const expires = expiresAt!;
      dueAt = new Date(expires).toISOString();
      urgency = [expires, atTerminal];
      if (status === 'overdue') {
        code = 'recert-overdue';
        const days = Math.floor((ctx.now - expires) / DAY_MS);
        detail = { daysOverdue: days };
        reason = (m) => (firstTime ? m.overdueSince(requirer, days) : m.recertOverdue(requirer, days));
      } else {
        code = 'recert-due-soon';
        const days = Math.ceil((expires - ctx.now) / DAY_MS);
        detail = { daysUntilDue: days };
        reason = (m) => (firstTime ? m.dueBy(requirer, days) : m.recertDueSoon(requirer, days));
      }
    } else {
      code = by.stations.length > 0 ? 'station-required' : 'role-required';
      urgency = [atTerminal, ...order];
      dueAt = onboardingDue;
      const step = atTerminal === 0 ? steps.get(lessonId) : undefined;
      detail = step ? { step, steps: steps.size } : {};
      reason = (m) => (step && steps.size > 1 ? m.requiredStep(requirer, step, steps.size) : m.requiredFor(requirer));
    }
    offerTarget(ctx, candidates, lesson, { code, urgency, requirer, reason, detail, dueAt }, new Set());
  }
}

interface Concern {
  code: ReasonCode;
  urgency: number[];
  requirer: Requirer;
  reason: (msgs: Context['msgs']) => string;
  detail: Partial<RecommendationDetail>;
  dueAt: string | undefined;
  /** Set when offered as a missing prerequisite of this required lesson. */
  neededFor?: string;
}

/** Offers a required lesson, or when it is blocked, the missing prerequisites that lead to it. */
function offerTarget(ctx: Context, candidates: Map<string, Candidate>, target: CatalogLesson, concern: Concern, visited: Set<string>): void {
  if (prerequisitesMet(target, ctx.records)) {
    if (!finishedToday(ctx, target.id)) offer(candidates, lessonCandidate(ctx, target, concern));
    return;
  }
  visited.add(target.id);
  for (const preId of target.prerequisites) {
    const pre = ctx.index.byId.get(preId);
    if (!pre || visited.has(preId) || ctx.records.get(preId)?.lastPassedAt != null) continue;
    const targetTitle = title(ctx, target);
    // The prerequisite inherits the urgency of the lesson waiting on it.
    offerTarget(ctx, candidates, pre, {
      ...concern,
      neededFor: target.id,
      reason: (m) => m.neededBefore(targetTitle, concern.requirer),
      detail: {},
    }, visited);
  }
}

function lessonCandidate(ctx: Context, lesson: CatalogLesson, concern: Concern): Candidate {
  return {
    lessonId: lesson.id,
    code: concern.code,
    durationMinutes: lesson.durationMinutes,
    urgency: concern.urgency,
    neededFor: concern.neededFor ?? '',
    describe: () => ({
      title: title(ctx, lesson),
      reason: concern.reason(ctx.msgs),
      ...(concern.dueAt === undefined ? {} : { dueAt: concern.dueAt }),
      ...(concern.neededFor === undefined ? {} : { neededFor: concern.neededFor }),
      detail: { durationMinutes: lesson.durationMinutes, ...concern.detail },
    }),
  };
}

/**
 * 1-based step of each lesson of a requirement, plus the prerequisites they need: in the order the
 * requirement lists them, each lesson's missing prerequisites (in curriculum order) placed just
 * before it, so where the admin's order and the prerequisites disagree the prerequisites win.
 */
function stepsOf(ctx: Context, requirement: Requirement | undefined): Map<string, number> {
  const ordered: string[] = [];
  const seen = new Set<string>();
  const byCurriculum = (a: string, b: string) => (ctx.index.topoRank.get(a) ?? 0) - (ctx.index.topoRank.get(b) ?? 0) || compareIds(a, b);
  const walk = (id: string) => {
    const lesson = ctx.index.byId.get(id);
    if (seen.has(id) || !lesson) return;
    seen.add(id);
    for (const pre of [...lesson.prerequisites].sort(byCurriculum)) walk(pre);
    ordered.push(id);
  };
  for (const id of requirement?.lessons ?? []) walk(id);
  return new Map(ordered.map((id, i) => [id, i + 1]));
}

/** A required skill is covered while the worker holds a valid completion of any lesson teaching it. */
function offerSkillGaps(ctx: Context, candidates: Map<string, Candidate>): void {
  const { input, index, options, required } = ctx;
  const holds = (id: string) => {
    const lesson = index.byId.get(id);
    if (!lesson) return false;
    const { status } = lessonStatus(lesson, ctx.records.get(id), ctx.now, options.dueSoonDays);
    return status === 'done' || status === 'due-soon';
  };
  const gaps = new Map<string, { skills: string[]; by: RequiredBy }>();
  for (const [skill, by] of [...required.skills].sort(([a], [b]) => compareIds(a, b))) {
    const teachers = index.bySkill.get(skill) ?? [];
    if (teachers.some(holds)) continue;
    for (const id of teachers) {
      const gap = gaps.get(id) ?? { skills: [], by };
      gap.skills.push(skill);
      gaps.set(id, gap);
    }
  }
  for (const [lessonId, gap] of gaps) {
    const lesson = index.byId.get(lessonId)!;
    if (holds(lessonId) || !offerable(ctx, lesson)) continue;
    const requirer = requirerOf(ctx, gap.by);
    const skill = gap.skills[0]!;
    const skillName = input.names?.skills?.[skill] ?? skill;
    offer(candidates, lessonCandidate(ctx, lesson, {
      code: 'skill-gap',
      // Lessons closing more gaps first, then curriculum order.
      urgency: [-gap.skills.length, index.topoRank.get(lessonId) ?? Number.MAX_SAFE_INTEGER],
      requirer,
      reason: (m) => m.skillGap(skillName, requirer),
      detail: {},
      dueAt: undefined,
    }));
  }
}

function offerOptional(ctx: Context, candidates: Map<string, Candidate>): void {
  const { input, index, options } = ctx;
  const stations = new Set([input.station, ...input.worker.stations]);
  const roles = new Set(input.worker.roles);
  for (const lesson of input.catalog) {
    if (candidates.has(lesson.id)) continue;
    const atStation = lesson.stations.includes(input.station);
    const station = atStation ? input.station : lesson.stations.find((s) => stations.has(s));
    const role = lesson.roles.find((r) => roles.has(r));
    if (station === undefined && role === undefined) continue;
    const { status } = lessonStatus(lesson, ctx.records.get(lesson.id), ctx.now, options.dueSoonDays);
    if (status === 'done' || status === 'due-soon' || !offerable(ctx, lesson)) continue;
    const requirer = requirerOf(ctx, { stations: station === undefined ? [] : [station], roles: role === undefined ? [] : [role] });
    offer(candidates, lessonCandidate(ctx, lesson, {
      code: 'optional',
      urgency: [atStation ? 0 : 1, index.topoRank.get(lesson.id) ?? Number.MAX_SAFE_INTEGER],
      requirer,
      reason: (m) => m.optional(requirer),
      detail: {},
      dueAt: undefined,
    }));
  }
}

function reviewCandidate(ctx: Context, session: ReviewSession): Candidate {
  const first = session.items[0]!;
  const lesson = ctx.index.byId.get(first.lessonId);
  const wanted = new Set(session.items.slice(0, session.dueCount).filter((i) => i.lessonId === first.lessonId).map((i) => i.itemId));
  const ofLesson: ItemState[] = ctx.input.itemStates.filter((s) => wanted.has(s.itemId));
  const missed = ofLesson.filter((s) => s.lastAnswerCorrect === false);
  const lastMissedAt = Math.max(...missed.map((s) => (s.lastReviewedAt ? parseTime(s.lastReviewedAt, `review item "${s.itemId}" last review`) : ctx.now)));
  const minutes = reviewMinutes(session);
  return {
    lessonId: first.lessonId,
    code: 'review-due',
    durationMinutes: minutes,
    neededFor: '',
    urgency: [parseTime(first.dueAt, `review item "${first.itemId}" due`)],
    describe: () => {
      const lessonTitle = lesson ? title(ctx, lesson) : first.lessonId;
      return {
        title: lessonTitle,
        reason:
          missed.length > 0
            ? ctx.msgs.reviewMissed(missed.length, lessonTitle, Math.floor((ctx.now - lastMissedAt) / DAY_MS))
            : ctx.msgs.reviewRefresh(ofLesson.length, lessonTitle),
        dueAt: first.dueAt,
        detail: { durationMinutes: minutes, itemsDue: session.dueCount, itemsMissed: missed.length },
      };
    },
  };
}

function reviewMinutes(session: ReviewSession): number {
  return Math.max(1, Math.ceil(session.items.length * MINUTES_PER_REVIEW_ITEM));
}

function reviewPlan(ctx: Context, session: ReviewSession): ReviewPlan {
  const kind = session.dueCount > 0 ? 'due' : 'practice';
  const reason = kind === 'due' ? reviewCandidate(ctx, session).describe().reason : ctx.msgs.practice(session.items.length);
  return { kind, items: session.items, dueCount: session.dueCount, estimatedMinutes: reviewMinutes(session), reason };
}

const codeRank = new Map<ReasonCode, number>(reasonCodes.map((code, i) => [code, i]));

function compareCandidates(a: Candidate, b: Candidate, budget: number): number {
  const byCode = codeRank.get(a.code)! - codeRank.get(b.code)!;
  if (byCode !== 0) return byCode;
  const aFits = a.durationMinutes <= budget;
  const bFits = b.durationMinutes <= budget;
  if (aFits !== bFits) return aFits ? -1 : 1;
  if (!aFits && a.durationMinutes !== b.durationMinutes) return a.durationMinutes - b.durationMinutes;
  for (let i = 0; i < Math.max(a.urgency.length, b.urgency.length); i++) {
    const d = (a.urgency[i] ?? 0) - (b.urgency[i] ?? 0);
    if (d !== 0) return d;
  }
  return compareIds(a.lessonId, b.lessonId);
}

function toRecommendation(c: Candidate): Recommendation {
  return { lessonId: c.lessonId, reasonCode: c.code, ...c.describe() };
}
