import { describe, expect, it } from 'vitest';
import { applyAnswer, type Completion, initialItemState, type ItemState, recommend, type RecommendInput } from '../../../common/paths';
import { daysAgo, daysLater, failed, input, lesson, NOW, passed, worker } from './fixtures';

describe('new hire at a station', () => {
  // ppe-basics is not required by the station but press-safety needs it first.
  const catalog = [
    lesson('lockout', { titles: { en: 'Lockout tagout' } }),
    lesson('ppe-basics', { titles: { en: 'PPE basics' } }),
    lesson('press-safety', { titles: { en: 'Press safety' }, prerequisites: ['ppe-basics'] }),
    lesson('press-setup', { titles: { en: 'Press setup' }, prerequisites: ['press-safety'] }),
  ];
  const requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['press-setup', 'press-safety', 'lockout'], skills: [] } } };

  it('gets the station required lessons one after another in the order the station lists them, prerequisites first', () => {
    const history: Completion[] = [];
    const order: string[] = [];
    let now = NOW;
    for (let i = 0; i < 5; i++) {
      const result = recommend(input({ catalog, requirements, history, now, worker: worker({ hiredAt: NOW.toISOString() }) }));
      if (!result.primary) break;
      order.push(result.primary.lessonId);
      history.push(passed(result.primary.lessonId, now));
      now = new Date(now.getTime() + 60 * 60 * 1000);
    }
    // Listed press-setup, press-safety, lockout: press-setup needs press-safety, which needs ppe-basics.
    expect(order).toEqual(['ppe-basics', 'press-safety', 'press-setup', 'lockout']);
  });

  it('says where the lesson sits in the station list and when onboarding is due', () => {
    const result = recommend(input({ catalog, requirements, worker: worker({ hiredAt: NOW.toISOString() }) }));
    expect(result.primary).toMatchObject({
      lessonId: 'ppe-basics',
      reasonCode: 'station-required',
      reason: 'Needed before "Press safety" - required for Press line 4',
      dueAt: daysLater(14).toISOString(),
    });
    expect(result.alternatives.map((r) => [r.lessonId, r.reason])).toEqual([['lockout', 'Required for Press line 4 - step 4 of 4']]);
    const later = recommend(input({ catalog, requirements, worker: worker({ hiredAt: NOW.toISOString() }), history: [passed('ppe-basics', daysAgo(2))] }));
    expect(later.primary).toMatchObject({ lessonId: 'press-safety', reason: 'Required for Press line 4 - step 2 of 4', detail: { step: 2, steps: 4 } });
    expect(result.caughtUp).toBe(false);
  });
});

describe('recertification', () => {
  const catalog = [
    lesson('forklift-cert', { titles: { en: 'Forklift certification' }, recertifyAfterDays: 365 }),
    lesson('press-basics', { titles: { en: 'Press basics' } }),
    lesson('hazmat', { recertifyAfterDays: 180 }),
  ];
  const requirements = {
    byRole: { forklift: { lessons: ['forklift-cert', 'hazmat'], skills: [] } },
    byStation: { 'press-4': { lessons: ['press-basics'], skills: [] } },
  };
  const w = worker({ roles: ['forklift'] });

  it('comes back 3 days before expiry, ahead of unfinished station lessons', () => {
    const result = recommend(input({ catalog, requirements, worker: w, history: [passed('forklift-cert', daysAgo(362)), passed('hazmat', daysAgo(10))] }));
    expect(result.primary).toMatchObject({
      lessonId: 'forklift-cert',
      reasonCode: 'recert-due-soon',
      reason: 'Required for your role (Forklift driver) - recertification due in 3 days',
      dueAt: daysLater(3).toISOString(),
      detail: { daysUntilDue: 3 },
    });
    expect(result.alternatives[0]).toMatchObject({ lessonId: 'press-basics', reasonCode: 'station-required' });
  });

  it('one day after expiry is overdue and ranks above a recertification that is only due soon', () => {
    const history = [passed('forklift-cert', daysAgo(366)), passed('hazmat', daysAgo(175))];
    const result = recommend(input({ catalog, requirements, worker: w, history }));
    expect(result.primary).toMatchObject({
      lessonId: 'forklift-cert',
      reasonCode: 'recert-overdue',
      reason: 'Required for your role (Forklift driver) - recertification overdue by 1 day',
      detail: { daysOverdue: 1 },
    });
    expect(result.alternatives.map((r) => [r.lessonId, r.reasonCode])).toEqual([
      ['hazmat', 'recert-due-soon'],
      ['press-basics', 'station-required'],
    ]);
  });

  it('the due-soon window is configurable', () => {
    const history = [passed('forklift-cert', daysAgo(355)), passed('hazmat', daysAgo(10)), passed('press-basics', daysAgo(10))];
    expect(recommend(input({ catalog, requirements, worker: w, history })).primary?.lessonId).toBe('forklift-cert');
    expect(recommend(input({ catalog, requirements, worker: w, history, options: { dueSoonDays: 7 } })).primary).toBeNull();
  });
});

describe('prerequisites', () => {
  it('a required lesson waits for its prerequisite, which is offered instead', () => {
    const catalog = [lesson('a-intro'), lesson('b-advanced', { prerequisites: ['a-intro'] })];
    const requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['b-advanced'], skills: [] } } };
    const result = recommend(input({ catalog, requirements }));
    expect(result.primary).toMatchObject({ lessonId: 'a-intro', reasonCode: 'station-required', neededFor: 'b-advanced' });
    expect(result.alternatives.map((r) => r.lessonId)).not.toContain('b-advanced');
  });

  it('a failed attempt does not unlock the next lesson; the failed one is offered again at once', () => {
    const catalog = [lesson('a-intro'), lesson('b-advanced', { prerequisites: ['a-intro'] })];
    const requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['a-intro', 'b-advanced'], skills: [] } } };
    const result = recommend(input({ catalog, requirements, history: [failed('a-intro', daysAgo(0.01))] }));
    expect(result.primary?.lessonId).toBe('a-intro');
    expect(result.alternatives).toEqual([]);
  });

  it('a lesson whose prerequisite is not in the catalog is never offered', () => {
    const catalog = [lesson('orphan', { prerequisites: ['retired-lesson'], stations: ['press-4'] })];
    const requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['orphan'], skills: [] } } };
    const result = recommend(input({ catalog, requirements }));
    expect(result.primary).toBeNull();
  });
});

describe('time budget', () => {
  const catalog = [lesson('a-long', { durationMinutes: 8 }), lesson('b-short', { durationMinutes: 3 }), lesson('c-mid', { durationMinutes: 6 })];
  const requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['a-long', 'b-short', 'c-mid'], skills: [] } } };

  it('prefers what fits in the default 5 minutes', () => {
    expect(recommend(input({ catalog, requirements })).primary?.lessonId).toBe('b-short');
  });

  it('a bigger budget keeps curriculum order', () => {
    expect(recommend(input({ catalog, requirements, budgetMinutes: 10 })).primary?.lessonId).toBe('a-long');
  });

  it('when nothing fits, the shortest comes first', () => {
    const history = [passed('b-short', daysAgo(2))];
    const result = recommend(input({ catalog, requirements, history }));
    expect([result.primary?.lessonId, ...result.alternatives.map((r) => r.lessonId)]).toEqual(['c-mid', 'a-long']);
  });

  it('does not let a short optional lesson jump an overdue recertification', () => {
    const catalog2 = [lesson('cert', { durationMinutes: 9, recertifyAfterDays: 30 }), lesson('tip', { durationMinutes: 1, stations: ['press-4'] })];
    const reqs = { byRole: {}, byStation: { 'press-4': { lessons: ['cert'], skills: [] } } };
    expect(recommend(input({ catalog: catalog2, requirements: reqs, history: [passed('cert', daysAgo(40))] })).primary?.lessonId).toBe('cert');
  });
});

describe('reinforcement in the ranking', () => {
  const catalog = [lesson('allergens', { titles: { en: 'Allergen labels', es: 'Etiquetas de alérgenos' }, itemIds: ['q1', 'q2', 'q3'] })];
  const answered = (correct: boolean[], at: Date): ItemState[] =>
    correct.map((c, i) => applyAnswer(initialItemState({ itemId: `q${i + 1}`, lessonId: 'allergens' }, at), c, at));

  it('a week after two wrong answers the worker is offered a review naming them', () => {
    const taken = daysAgo(8);
    const result = recommend(input({ catalog, history: [passed('allergens', taken)], itemStates: answered([false, false, true], taken) }));
    expect(result.primary).toMatchObject({ reasonCode: 'review-due', lessonId: 'allergens', reason: 'Review: you missed 2 questions on Allergen labels last week' });
    expect(result.review).toMatchObject({ kind: 'due', dueCount: 3 });
    expect(result.review?.items.map((i) => i.itemId)).toEqual(['q1', 'q2', 'q3']);
  });

  it('in Spanish for a Spanish-speaking worker', () => {
    const taken = daysAgo(8);
    const result = recommend(
      input({ catalog, worker: worker({ language: 'es' }), history: [passed('allergens', taken)], itemStates: answered([false, false, true], taken) }),
    );
    expect(result.primary?.reason).toBe('Repaso: fallaste 2 preguntas sobre Etiquetas de alérgenos la semana pasada');
  });

  it('a review is offered even for a lesson finished today, but the lesson itself is not', () => {
    // Recertified weekly with a 14-day warning window: due soon again the moment it is passed.
    const cat = [lesson('allergens', { itemIds: ['q1'], recertifyAfterDays: 7 })];
    const requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['allergens'], skills: [] } } };
    const state = { ...answered([false], daysAgo(2))[0]!, due: daysAgo(0.5).toISOString() };
    const today = recommend(input({ catalog: cat, requirements, history: [passed('allergens', daysAgo(0.9))], itemStates: [state] }));
    expect(today.primary?.reasonCode).toBe('review-due');
    expect(today.alternatives).toEqual([]);
    const yesterday = recommend(input({ catalog: cat, requirements, history: [passed('allergens', daysAgo(1.1))], itemStates: [state] }));
    expect(yesterday.primary).toMatchObject({ lessonId: 'allergens', reasonCode: 'recert-due-soon' });
  });

  it('with nothing due it offers a short practice review instead of inventing work', () => {
    const taken = daysAgo(1);
    const result = recommend(input({ catalog, history: [passed('allergens', taken)], itemStates: answered([true, true, true], taken) }));
    expect(result.primary).toBeNull();
    expect(result.caughtUp).toBe(false);
    expect(result.review).toMatchObject({ kind: 'practice', dueCount: 0, reason: 'Nothing due today - a quick review of 3 questions keeps it fresh' });
  });

  it('with nothing due and nothing to review the worker is caught up', () => {
    const result = recommend(input({ catalog, history: [passed('allergens', daysAgo(3))] }));
    expect(result).toEqual({ primary: null, alternatives: [], caughtUp: true, review: null });
  });
});

describe('reasons in the worker language', () => {
  const catalog = [lesson('press-safety', { titles: { en: 'Press safety', es: 'Seguridad en la prensa' }, recertifyAfterDays: 100 })];
  const requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['press-safety'], skills: [] } } };
  const base = (language: string): RecommendInput =>
    input({ catalog, requirements, worker: worker({ language }), history: [passed('press-safety', daysAgo(97))], names: { stations: { 'press-4': 'Prensa 4' } } });

  it('Spanish, including regional variants', () => {
    for (const language of ['es', 'es-MX']) {
      expect(recommend(base(language)).primary).toMatchObject({
        title: 'Seguridad en la prensa',
        reason: 'Obligatorio para Prensa 4 - recertificación en 3 días',
      });
    }
  });

  it('falls back to English for a language without translations', () => {
    expect(recommend(base('fr')).primary).toMatchObject({ title: 'Press safety', reason: 'Required for Prensa 4 - recertification due in 3 days' });
  });
});

describe('skill gaps and optional lessons', () => {
  it('a lesson teaching a required skill nobody covered comes before optional lessons', () => {
    const catalog = [
      lesson('a-tips', { roles: ['operator'] }),
      lesson('z-lift', { skills: ['lifting'] }),
      lesson('unrelated'),
    ];
    const requirements = { byRole: { operator: { lessons: [], skills: ['lifting'] } }, byStation: {} };
    const result = recommend(input({ catalog, requirements, names: { roles: { operator: 'Machine operator' }, skills: { lifting: 'Safe lifting' } } }));
    expect(result.primary).toMatchObject({ lessonId: 'z-lift', reasonCode: 'skill-gap', reason: 'Builds a skill needed for your role (Machine operator): Safe lifting' });
    expect(result.alternatives.map((r) => [r.lessonId, r.reasonCode])).toEqual([['a-tips', 'optional']]);
  });

  it('a skill already covered by another lesson is not a gap', () => {
    const catalog = [lesson('lift-1', { skills: ['lifting'] }), lesson('lift-2', { skills: ['lifting'] })];
    const requirements = { byRole: { operator: { lessons: [], skills: ['lifting'] } }, byStation: {} };
    expect(recommend(input({ catalog, requirements, history: [passed('lift-1', daysAgo(3))] })).caughtUp).toBe(true);
  });
});

describe('bad input', () => {
  it('a completion time that is not a timestamp is named, with the fix', () => {
    const catalog = [lesson('ppe', { stations: ['press-4'] })];
    const history = [{ lessonId: 'ppe', version: 1, completedAt: 'yesterday', score: 1, passed: true }];
    expect(() => recommend(input({ catalog, history }))).toThrow('completion of "ppe": "yesterday" is not an ISO 8601 timestamp; store times as new Date().toISOString()');
  });

  it('other ISO 8601 forms are accepted and ordered by the instant they name', () => {
    const catalog = [lesson('cert', { recertifyAfterDays: 10 })];
    const requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['cert'], skills: [] } } };
    const history = [
      { lessonId: 'cert', version: 1, completedAt: '2026-02-20T12:00:00.000Z', score: 1, passed: true },
      // Later instant written with an offset: 2026-03-05T12:00Z.
      { lessonId: 'cert', version: 1, completedAt: '2026-03-05T13:00:00+01:00', score: 1, passed: true },
    ];
    expect(recommend(input({ catalog, requirements, history })).primary).toMatchObject({ reasonCode: 'recert-due-soon', detail: { daysUntilDue: 5 } });
  });
});
