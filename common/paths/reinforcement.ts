import { type Card, createEmptyCard, fsrs, Rating, State } from 'ts-fsrs';
import { compareIds } from './catalog';
import { DAY_MS, parseTime, timeKey } from './status';
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
  const nowKey = now.toISOString();
  return sortByDue(states)
    .filter((x) => x.due <= nowKey)
    .map((x) => x.s);
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
  const nowKey = now.toISOString();
  // One pass, keeping only the `max` earliest: a worker can hold thousands of items and a badge tap
  // must not sort them all.
  const earliest: Keyed[] = [];
  let due = 0;
  let eligible = 0;
  for (const s of states) {
    if (!lessonsDone.has(s.lessonId)) continue;
    eligible += 1;
    const keyed = { s, due: timeKey(s.due, `review item "${s.itemId}" due`) };
    if (keyed.due <= nowKey) due += 1;
    insertBounded(earliest, keyed, bounds.max);
  }
  if (eligible === 0) return null;
  const dueCount = Math.min(due, bounds.max);
  const chosen = earliest.slice(0, Math.max(dueCount, Math.min(bounds.min, eligible)));
  return {
    dueCount,
    items: chosen.map(({ s, due: key }) => ({
      itemId: s.itemId,
      lessonId: s.lessonId,
      dueAt: key,
      daysOverdue: Math.floor((now.getTime() - parseTime(key, `review item "${s.itemId}" due`)) / DAY_MS),
    })),
  };
}

interface Keyed {
  s: ItemState;
  /** Sortable time key of the due date. */
  due: string;
}

const byDue = (a: Keyed, b: Keyed) => compareIds(a.due, b.due) || compareIds(a.s.itemId, b.s.itemId);

/** Inserts into a list kept sorted by due date and at most `limit` long. */
function insertBounded(list: Keyed[], item: Keyed, limit: number): void {
  if (list.length === limit && byDue(item, list[limit - 1]!) >= 0) return;
  let i = list.length;
  while (i > 0 && byDue(item, list[i - 1]!) < 0) i -= 1;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}

/** Earliest due first, ties by item id. */
function sortByDue(states: readonly ItemState[]): Keyed[] {
  return states.map((s) => ({ s, due: timeKey(s.due, `review item "${s.itemId}" due`) })).sort(byDue);
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
