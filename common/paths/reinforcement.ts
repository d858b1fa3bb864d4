import { type Card, createEmptyCard, fsrs, Rating, State } from 'ts-fsrs';
import { compareIds } from './catalog';
import { DAY_MS, parseTime } from './status';
import type { ItemState, ReviewCardState, ReviewItem } from './types';

/**
 * Spaced review of knowledge-check items, scheduled by FSRS (ts-fsrs). Short-term learning steps
 * are off: a worker meets the terminal once a shift, so a minutes-later re-ask cannot happen and a
 * wrong answer should come back the next day. Fuzz is off so schedules are reproducible.
 */
const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

const toState: Record<State, ReviewCardState> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
};
const fromState: Record<ReviewCardState, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

export function initialItemState(item: { itemId: string; lessonId: string }, now: Date): ItemState {
  return { ...item, ...fromCard(createEmptyCard(now)), lastAnswerCorrect: null };
}

/** A wrong answer rates Again, a right one Good: a kiosk quiz cannot tell Hard from Easy honestly. */
export function applyAnswer(state: ItemState, correct: boolean, now: Date): ItemState {
  const { card } = scheduler.next(toCard(state), now, correct ? Rating.Good : Rating.Again);
  return { itemId: state.itemId, lessonId: state.lessonId, ...fromCard(card), lastAnswerCorrect: correct };
}

/** Items due at `now`, most overdue first, ties by item id. */
export function dueItems(states: readonly ItemState[], now: Date): ItemState[] {
  const t = now.getTime();
  return sortByDue(states.filter((s) => dueTime(s) <= t));
}

export interface ReviewSessionBounds {
  min: number;
  max: number;
}

export interface ReviewSession {
  items: ReviewItem[];
  /** How many of the items are actually due; the rest top the session up to `min`. */
  dueCount: number;
}

/**
 * Up to `max` items from lessons the worker has done, most overdue first. When fewer than `min`
 * are due, the session is topped up with the items due soonest, so a review is never a single
 * question. Null when the worker has no items from done lessons.
 */
export function buildReviewSession(
  states: readonly ItemState[],
  lessonsDone: ReadonlySet<string>,
  now: Date,
  bounds: ReviewSessionBounds = { min: 3, max: 5 },
): ReviewSession | null {
  if (bounds.min < 1 || bounds.max < bounds.min) {
    throw new Error(`review session bounds {min: ${bounds.min}, max: ${bounds.max}} are invalid: use 1 <= min <= max, e.g. {min: 3, max: 5}`);
  }
  const t = now.getTime();
  const eligible = sortByDue(states.filter((s) => lessonsDone.has(s.lessonId)));
  if (eligible.length === 0) return null;
  const dueCount = Math.min(eligible.filter((s) => dueTime(s) <= t).length, bounds.max);
  const chosen = eligible.slice(0, Math.max(dueCount, Math.min(bounds.min, eligible.length)));
  return {
    dueCount,
    items: chosen.map((s) => ({ itemId: s.itemId, lessonId: s.lessonId, dueAt: s.due, daysOverdue: Math.floor((t - dueTime(s)) / DAY_MS) })),
  };
}

function dueTime(s: ItemState): number {
  return parseTime(s.due, `review item "${s.itemId}" due`);
}

function sortByDue(states: ItemState[]): ItemState[] {
  return states
    .map((s) => ({ s, due: dueTime(s) }))
    .sort((a, b) => a.due - b.due || compareIds(a.s.itemId, b.s.itemId))
    .map((x) => x.s);
}

function toCard(s: ItemState): Card {
  return {
    due: new Date(parseTime(s.due, `review item "${s.itemId}" due`)),
    stability: s.stability,
    difficulty: s.difficulty,
    elapsed_days: 0,
    scheduled_days: s.scheduledDays,
    learning_steps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    state: fromState[s.state],
    ...(s.lastReviewedAt === null ? {} : { last_review: new Date(parseTime(s.lastReviewedAt, `review item "${s.itemId}" last review`)) }),
  };
}

function fromCard(card: Card): Omit<ItemState, 'itemId' | 'lessonId' | 'lastAnswerCorrect'> {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: toState[card.state],
    lastReviewedAt: card.last_review ? card.last_review.toISOString() : null,
  };
}
