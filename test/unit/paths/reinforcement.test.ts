import { describe, expect, it } from 'vitest';
import { applyAnswer, buildReviewSession, dueItems, initialItemState, type ItemState } from '../../../common/paths';
import { DAY, daysAgo, NOW } from './fixtures';

const item = (itemId: string, lessonId: string, due: Date): ItemState => ({
  ...initialItemState({ itemId, lessonId }, daysAgo(30)),
  due: due.toISOString(),
});

describe('FSRS review schedule', () => {
  it('a wrong answer comes back within about a day, then at growing intervals while answered right', () => {
    let state = applyAnswer(initialItemState({ itemId: 'q1', lessonId: 'allergens' }, NOW), false, NOW);
    const firstGap = Date.parse(state.due) - NOW.getTime();
    expect(firstGap).toBeGreaterThan(0);
    expect(firstGap).toBeLessThanOrEqual(1.5 * DAY);
    expect(state.lastAnswerCorrect).toBe(false);

    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reviewedAt = new Date(state.due);
      state = applyAnswer(state, true, reviewedAt);
      gaps.push(Date.parse(state.due) - reviewedAt.getTime());
    }
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1]!);
    expect(gaps.at(-1)!).toBeGreaterThan(30 * DAY);
  });

  it('forgetting a well-known item brings it back soon again', () => {
    let state = applyAnswer(initialItemState({ itemId: 'q1', lessonId: 'l' }, NOW), true, NOW);
    for (let i = 0; i < 4; i++) state = applyAnswer(state, true, new Date(state.due));
    const longGap = state.scheduledDays;
    const lapsedAt = new Date(state.due);
    state = applyAnswer(state, false, lapsedAt);
    expect(state.lapses).toBe(1);
    expect(Date.parse(state.due) - lapsedAt.getTime()).toBeLessThan((longGap * DAY) / 4);
  });

  it('survives a round trip through JSON storage', () => {
    const state = applyAnswer(initialItemState({ itemId: 'q1', lessonId: 'l' }, NOW), false, NOW);
    const stored = JSON.parse(JSON.stringify(state)) as ItemState;
    const next = new Date(state.due);
    expect(applyAnswer(stored, true, next)).toEqual(applyAnswer(state, true, next));
  });
});

describe('due items and review sessions', () => {
  const states = [
    item('a1', 'lesson-a', daysAgo(1)),
    item('a2', 'lesson-a', daysAgo(5)),
    item('b1', 'lesson-b', daysAgo(3)),
    item('b2', 'lesson-b', daysAgo(3)),
    item('c1', 'lesson-c', daysAgo(9)),
    item('a3', 'lesson-a', new Date(NOW.getTime() + 2 * DAY)),
    item('a4', 'lesson-a', new Date(NOW.getTime() + 5 * DAY)),
  ];

  it('lists due items most overdue first, ties by item id', () => {
    expect(dueItems(states, NOW).map((s) => s.itemId)).toEqual(['c1', 'a2', 'b1', 'b2', 'a1']);
  });

  it('draws only from lessons the worker has done, at most 5', () => {
    const session = buildReviewSession(states, new Set(['lesson-a', 'lesson-b']), NOW);
    expect(session?.items.map((i) => i.itemId)).toEqual(['a2', 'b1', 'b2', 'a1']);
    expect(session?.dueCount).toBe(4);
    const all = buildReviewSession(states, new Set(['lesson-a', 'lesson-b', 'lesson-c']), NOW);
    expect(all?.items.map((i) => i.itemId)).toEqual(['c1', 'a2', 'b1', 'b2', 'a1']);
    expect(all?.items[0]?.daysOverdue).toBe(9);
  });

  it('tops a session up to 3 with the items due soonest', () => {
    const session = buildReviewSession(states, new Set(['lesson-a']), daysAgo(2));
    expect(session?.dueCount).toBe(1);
    expect(session?.items.map((i) => i.itemId)).toEqual(['a2', 'a1', 'a3']);
  });

  it('is null without items from done lessons, and rejects impossible bounds with the fix', () => {
    expect(buildReviewSession(states, new Set(['lesson-z']), NOW)).toBeNull();
    expect(() => buildReviewSession(states, new Set(['lesson-a']), NOW, { min: 5, max: 3 })).toThrow(/1 <= min <= max/);
  });
});
