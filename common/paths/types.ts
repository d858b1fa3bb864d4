import { z } from 'zod';

/**
 * Inputs and outputs of the learning-path engine. Everything here is plain JSON so the kiosk core
 * (SQLite) and the server (PostgreSQL) can both build it from what they store. Timestamps are
 * ISO 8601 strings; `now` is always passed in as a Date, the engine never reads the clock.
 */

const lessonIdPattern = /^[a-z0-9][a-z0-9-]*$/;

/** One lesson with its language variants collapsed: metadata once, titles per language. */
export const catalogLessonSchema = z.object({
  id: z.string().regex(lessonIdPattern, 'lesson ids are lowercase letters, digits and dashes'),
  version: z.number().int().positive(),
  /** Display title per language code ('en', 'es', ...). */
  titles: z.record(z.string(), z.string().min(1)),
  durationMinutes: z.number().positive(),
  skills: z.array(z.string()).default([]),
  roles: z.array(z.string()).default([]),
  stations: z.array(z.string()).default([]),
  prerequisites: z.array(z.string()).default([]),
  recertifyAfterDays: z.number().int().positive().nullable().default(null),
  /** Knowledge-check item ids of the lesson (reinforcement schedules by them). */
  itemIds: z.array(z.string()).default([]),
});
export type CatalogLesson = z.infer<typeof catalogLessonSchema>;
export type Catalog = readonly CatalogLesson[];

export const requirementSchema = z.object({
  /** In step order: workers are shown "step 2 of 3" in this order (prerequisites still first). */
  lessons: z.array(z.string()).default([]),
  skills: z.array(z.string()).default([]),
  /** Days a completion counts for this requirement, instead of the lesson's own interval. */
  recertDays: z.number().int().positive().nullable().optional(),
  /** First day (YYYY-MM-DD, UTC) the requirement holds; before it its lessons are "due by" that day. */
  effectiveFrom: z.iso.date().nullable().optional(),
});
export type Requirement = z.infer<typeof requirementSchema>;

/** What one requirement naming a lesson says about it (see requiredLessonStatus). */
export interface RequirementTerms {
  /** Overrides the lesson's own recertification interval; null keeps it. */
  recertDays: number | null;
  /** Start of the effective day (ms); null when the requirement holds already. */
  effectiveFrom: number | null;
}

/** What each role and each station requires; distributed from the server with the roster. */
export const requirementsSchema = z.object({
  byRole: z.record(z.string(), requirementSchema).default({}),
  byStation: z.record(z.string(), requirementSchema).default({}),
});
export type Requirements = z.infer<typeof requirementsSchema>;

export interface PathWorker {
  id: string;
  roles: readonly string[];
  /** Stations the worker is assigned to (the terminal's station is passed separately). */
  stations: readonly string[];
  language: string;
  hiredAt?: string | null;
}

/** One finished attempt at a lesson. `passed` is null for a lesson without knowledge checks. */
export interface Completion {
  lessonId: string;
  version: number;
  completedAt: string;
  score: number | null;
  passed: boolean | null;
}

export type ReviewCardState = 'new' | 'learning' | 'review' | 'relearning';

/** FSRS memory state of one knowledge-check item for one worker, in a storable shape. */
export interface ItemState {
  itemId: string;
  lessonId: string;
  due: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: ReviewCardState;
  lastReviewedAt: string | null;
  /** The latest answer, so a review can say "you missed 2 questions on ... last week". */
  lastAnswerCorrect: boolean | null;
}

/** Display names for ids that appear in reasons; an id without a name is shown as the id. */
export interface DisplayNames {
  stations?: Readonly<Record<string, string>>;
  roles?: Readonly<Record<string, string>>;
  skills?: Readonly<Record<string, string>>;
}

export interface PathOptions {
  /** A recertification is "due soon" this many days before it expires. */
  dueSoonDays: number;
  /** Default 5: what a worker can spare at the terminal. */
  budgetMinutes: number;
  /** A new hire's required lessons are due this many days after hiredAt. */
  onboardingDays: number;
  review: { min: number; max: number };
}

export const defaultPathOptions: PathOptions = {
  dueSoonDays: 14,
  budgetMinutes: 5,
  onboardingDays: 14,
  review: { min: 3, max: 5 },
};

export interface RecommendInput {
  catalog: Catalog;
  requirements: Requirements;
  worker: PathWorker;
  /** The terminal's station. */
  station: string;
  now: Date;
  history: readonly Completion[];
  itemStates: readonly ItemState[];
  budgetMinutes?: number;
  names?: DisplayNames;
  options?: Partial<Omit<PathOptions, 'budgetMinutes'>>;
}

/** Listed in order of concern: the engine ranks by this order first. */
export const reasonCodes = [
  'recert-overdue',
  'recert-due-soon',
  'station-required',
  'role-required',
  'review-due',
  'skill-gap',
  'optional',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export interface RecommendationDetail {
  durationMinutes: number;
  /** Whole days past expiry (recert-overdue). */
  daysOverdue?: number;
  /** Whole days until expiry (recert-due-soon). */
  daysUntilDue?: number;
  /** Position in the station's prerequisite-ordered list of required lessons, 1-based. */
  step?: number;
  steps?: number;
  /** review-due: items due and how many of them were last answered wrong. */
  itemsDue?: number;
  itemsMissed?: number;
}

export interface Recommendation {
  lessonId: string;
  /** Lesson title in the worker's language (falls back to English, then any language, then the id). */
  title: string;
  reasonCode: ReasonCode;
  /** One sentence in the worker's language. */
  reason: string;
  dueAt?: string;
  /** Set when the lesson is offered because a required lesson needs it first. */
  neededFor?: string;
  detail: RecommendationDetail;
}

export interface ReviewItem {
  itemId: string;
  lessonId: string;
  dueAt: string;
  /** Negative when the item is not due yet (a practice session). */
  daysOverdue: number;
}

export interface ReviewPlan {
  /** 'due' when at least one item is due; 'practice' is the short review offered on a day with nothing due. */
  kind: 'due' | 'practice';
  items: ReviewItem[];
  dueCount: number;
  estimatedMinutes: number;
  reason: string;
}

export interface RecommendResult {
  primary: Recommendation | null;
  alternatives: Recommendation[];
  /** Nothing to learn and nothing to review: show "You're all caught up". */
  caughtUp: boolean;
  review: ReviewPlan | null;
}
