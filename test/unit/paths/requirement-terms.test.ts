import { describe, expect, it } from 'vitest';
import { recommend, skillMatrix, type Requirements } from '../../../common/paths';
import { DAY, daysAgo, daysLater, input, lesson, NOW, passed, worker } from './fixtures';

/**
 * What a requirement says besides its lessons (issue 14): the order of its steps, a recertification
 * interval of its own, and the date it takes effect. The clock is fixed (fixtures NOW, 2026-03-10 12:00 UTC).
 */

const day = (d: Date) => d.toISOString().slice(0, 10);

describe('step order', () => {
  const catalog = [lesson('gloves'), lesson('alpha'), lesson('mid'), lesson('guard', { prerequisites: ['alpha'] })];

  it('offers the first not-done step as the station lists it, not in id or curriculum order, and names its step', () => {
    const requirements: Requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['mid', 'gloves', 'alpha'], skills: [] } } };
    const first = recommend(input({ catalog, requirements }));
    expect(first.primary).toMatchObject({ lessonId: 'mid', reason: 'Required for Press line 4 - step 1 of 3' });
    expect(first.alternatives.map((r) => r.lessonId)).toEqual(['gloves', 'alpha']);
    const next = recommend(input({ catalog, requirements, history: [passed('mid', daysAgo(2))] }));
    expect(next.primary).toMatchObject({ lessonId: 'gloves', reason: 'Required for Press line 4 - step 2 of 3' });
  });

  it('keeps a role requirement in its order too', () => {
    const requirements: Requirements = { byRole: { operator: { lessons: ['mid', 'gloves'], skills: [] } }, byStation: {} };
    expect(recommend(input({ catalog, requirements })).primary?.lessonId).toBe('mid');
  });

  it('puts a prerequisite before the step that needs it when the order says otherwise', () => {
    const requirements: Requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['guard', 'mid', 'alpha'], skills: [] } } };
    const result = recommend(input({ catalog, requirements }));
    expect(result.primary).toMatchObject({ lessonId: 'alpha', reason: 'Required for Press line 4 - step 1 of 3' });
    const after = recommend(input({ catalog, requirements, history: [passed('alpha', daysAgo(2))] }));
    expect(after.primary).toMatchObject({ lessonId: 'guard', reason: 'Required for Press line 4 - step 2 of 3' });
  });
});

describe('recertification interval of a requirement', () => {
  const catalog = [lesson('forklift', { recertifyAfterDays: 365 }), lesson('ppe')];

  it('overrides the lesson own interval, shorter or longer', () => {
    const history = [passed('forklift', daysAgo(100))];
    const with90 = recommend(input({ catalog, history, requirements: { byRole: { operator: { lessons: ['forklift'], skills: [], recertDays: 90 } }, byStation: {} } }));
    expect(with90.primary).toMatchObject({ lessonId: 'forklift', reasonCode: 'recert-overdue', detail: { daysOverdue: 10 }, dueAt: daysAgo(10).toISOString() });
    const ppe = recommend(input({ catalog, history: [passed('ppe', daysAgo(40))], requirements: { byRole: {}, byStation: { 'press-4': { lessons: ['ppe'], skills: [], recertDays: 45 } } } }));
    expect(ppe.primary).toMatchObject({ lessonId: 'ppe', reasonCode: 'recert-due-soon', reason: 'Required for Press line 4 - recertification due in 5 days' });
  });

  it('takes the shortest when several requirements of the worker name the lesson', () => {
    const requirements: Requirements = {
      byRole: { operator: { lessons: ['forklift'], skills: [], recertDays: 200 } },
      byStation: { 'press-4': { lessons: ['forklift'], skills: [], recertDays: 120 } },
    };
    const matrix = skillMatrix({ workers: [worker()], catalog, requirements, historyByWorker: { w1: [passed('forklift', daysAgo(100))] }, now: NOW });
    expect(matrix[0]!.lessons[0]).toMatchObject({ lessonId: 'forklift', status: 'done', dueAt: daysLater(20).toISOString(), changesAt: daysLater(6).toISOString() });
    const noOverride = skillMatrix({ workers: [worker()], catalog, requirements: { byRole: { operator: { lessons: ['forklift'], skills: [] } }, byStation: requirements.byStation }, historyByWorker: { w1: [passed('forklift', daysAgo(100))] }, now: NOW });
    // The role without its own interval keeps the lesson's 365 days; the station's 120 is shorter.
    expect(noOverride[0]!.lessons[0]!.dueAt).toBe(daysLater(20).toISOString());
  });
});

describe('effective date', () => {
  const catalog = [lesson('hazmat'), lesson('forklift', { recertifyAfterDays: 365 })];
  const from = (d: Date): Requirements => ({ byRole: {}, byStation: { 'press-4': { lessons: ['hazmat'], skills: [], effectiveFrom: day(d) } } });
  const midnight = (d: Date) => new Date(`${day(d)}T00:00:00.000Z`);
  const cell = (requirements: Requirements, now: Date, history = [] as ReturnType<typeof passed>[]) =>
    skillMatrix({ workers: [worker()], catalog, requirements, historyByWorker: { w1: history }, now })[0]!.lessons[0]!;

  it('far before the date a lesson not done is not started, due by the date, and changes when the due-soon window opens', () => {
    const date = daysLater(30);
    expect(cell(from(date), NOW)).toMatchObject({ status: 'never-started', standing: 'never-started', dueAt: midnight(date).toISOString(), changesAt: new Date(midnight(date).getTime() - 14 * DAY).toISOString() });
    const result = recommend(input({ catalog, requirements: from(date) }));
    expect(result.primary).toMatchObject({ lessonId: 'hazmat', reasonCode: 'station-required' });
  });

  it('inside the window it is due soon ("due in N days"), never overdue, and changes at the date', () => {
    const date = daysLater(5);
    expect(cell(from(date), NOW)).toMatchObject({ status: 'due-soon', dueAt: midnight(date).toISOString(), changesAt: midnight(date).toISOString() });
    expect(recommend(input({ catalog, requirements: from(date) })).primary).toMatchObject({
      lessonId: 'hazmat',
      reasonCode: 'recert-due-soon',
      reason: 'Required for Press line 4 - due in 5 days',
      dueAt: midnight(date).toISOString(),
    });
  });

  it('from the date a lesson never done is overdue; one done is done', () => {
    const date = daysAgo(3);
    expect(cell(from(date), NOW)).toMatchObject({ status: 'overdue', dueAt: midnight(date).toISOString(), changesAt: null });
    expect(recommend(input({ catalog, requirements: from(date) })).primary).toMatchObject({ reasonCode: 'recert-overdue', reason: 'Required for Press line 4 - overdue by 3 days' });
    expect(cell(from(date), NOW, [passed('hazmat', daysAgo(1))])).toMatchObject({ status: 'done', dueAt: null });
    // Without a date the same lesson never done stays "not started", as before effective dates.
    expect(cell({ byRole: {}, byStation: { 'press-4': { lessons: ['hazmat'], skills: [] } } }, NOW).status).toBe('never-started');
  });

  it('flips exactly at midnight UTC of the date', () => {
    const date = midnight(daysLater(2));
    expect(cell(from(date), new Date(date.getTime() - 1)).status).toBe('due-soon');
    expect(cell(from(date), date).status).toBe('overdue');
  });

  it('an expired recertification before the date is due by the date, not overdue', () => {
    const reqs: Requirements = { byRole: {}, byStation: { 'press-4': { lessons: ['forklift'], skills: [], effectiveFrom: day(daysLater(60)) } } };
    const c = skillMatrix({ workers: [worker()], catalog, requirements: reqs, historyByWorker: { w1: [passed('forklift', daysAgo(400))] }, now: NOW })[0]!.lessons[0]!;
    expect(c).toMatchObject({ status: 'never-started', standing: 'never-started', dueAt: midnight(daysLater(60)).toISOString() });
  });

  it('a requirement already in force wins over one that starts later', () => {
    const reqs: Requirements = {
      byRole: { operator: { lessons: ['hazmat'], skills: [], effectiveFrom: day(daysAgo(1)) } },
      byStation: { 'press-4': { lessons: ['hazmat'], skills: [], effectiveFrom: day(daysLater(40)) } },
    };
    expect(cell(reqs, NOW).status).toBe('overdue');
  });
});
