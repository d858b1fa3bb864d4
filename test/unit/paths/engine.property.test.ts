import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CatalogLesson, type Completion, type ItemState, recommend, type RecommendInput, type Recommendation } from '../../../common/paths';
import { DAY, NOW } from './fixtures';

const ROLES = ['operator', 'driver', 'lead'];
const STATIONS = ['press-4', 'pack-1', 'dock'];
const SKILLS = ['lifting', 'guarding', 'labels'];

/** Catalogs whose prerequisites only point at earlier lessons, so they always form a DAG. */
const catalogArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        prerequisites: fc.subarray(Array.from({ length: i }, (_, j) => `l${j}`), { maxLength: Math.min(2, i) }),
        durationMinutes: fc.integer({ min: 1, max: 10 }),
        recertifyAfterDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
        skills: fc.subarray(SKILLS, { maxLength: 2 }),
        roles: fc.subarray(ROLES, { maxLength: 1 }),
        stations: fc.subarray(STATIONS, { maxLength: 1 }),
      }).map((m): CatalogLesson => ({ id: `l${i}`, version: 1, titles: { en: `Lesson ${i}` }, itemIds: [`l${i}-q1`, `l${i}-q2`], ...m })),
    ),
  ),
);

const requirementArb = (ids: string[]) => fc.record({ lessons: fc.subarray(ids, { maxLength: Math.min(4, ids.length) }), skills: fc.subarray(SKILLS, { maxLength: 2 }) });

const scenarioArb = catalogArb.chain((catalog) => {
  const ids = catalog.map((l) => l.id);
  const at = (daysBack: number) => new Date(NOW.getTime() - daysBack * DAY).toISOString();
  const completion = fc.record({
    lessonId: fc.constantFrom(...ids),
    daysBack: fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.integer({ min: 0, max: 800 })),
    passed: fc.oneof(fc.constant(true), fc.constant(false), fc.constant(null)),
  }).map(({ lessonId, daysBack, passed }): Completion => ({ lessonId, version: 1, completedAt: at(daysBack), score: passed === false ? 0 : 1, passed }));
  const itemState = fc.record({ lesson: fc.constantFrom(...catalog), q: fc.constantFrom(1, 2), dueIn: fc.integer({ min: -30, max: 30 }), correct: fc.boolean() })
    .map(({ lesson, q, dueIn, correct }): ItemState => ({
      itemId: `${lesson.id}-q${q}`, lessonId: lesson.id, due: at(-dueIn), stability: 3, difficulty: 5, scheduledDays: 3, learningSteps: 0,
      reps: 1, lapses: 0, state: 'review', lastReviewedAt: at(3), lastAnswerCorrect: correct,
    }));
  return fc.record({
    catalog: fc.constant(catalog),
    requirements: fc.record({
      byRole: fc.record(Object.fromEntries(ROLES.map((r) => [r, requirementArb(ids)])), { requiredKeys: [] }),
      byStation: fc.record(Object.fromEntries(STATIONS.map((s) => [s, requirementArb(ids)])), { requiredKeys: [] }),
    }),
    worker: fc.record({ id: fc.constant('w'), roles: fc.subarray(ROLES), stations: fc.subarray(STATIONS), language: fc.constantFrom('en', 'es', 'de') }),
    station: fc.constantFrom(...STATIONS),
    now: fc.constant(NOW),
    history: fc.array(completion, { maxLength: 25 }),
    itemStates: fc.uniqueArray(itemState, { maxLength: 10, selector: (s) => s.itemId }),
    budgetMinutes: fc.integer({ min: 1, max: 10 }),
  }) as fc.Arbitrary<RecommendInput>;
});

function shown(input: RecommendInput): Recommendation[] {
  const result = recommend(input);
  return [...(result.primary ? [result.primary] : []), ...result.alternatives];
}

const passedAt = (input: RecommendInput, lessonId: string) =>
  input.history.filter((c) => c.lessonId === lessonId && c.passed !== false).map((c) => Date.parse(c.completedAt));

describe('engine properties over random catalogs and histories', () => {
  it('never recommends a lesson whose prerequisites are not all passed', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        for (const rec of shown(input)) {
          if (rec.reasonCode === 'review-due') continue;
          const lesson = input.catalog.find((l) => l.id === rec.lessonId)!;
          for (const pre of lesson.prerequisites) expect(passedAt(input, pre).length, `${rec.lessonId} needs ${pre}`).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never recommends a finished non-recurring lesson, nor anything finished in the last 24 hours, except as a due review', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        for (const rec of shown(input)) {
          if (rec.reasonCode === 'review-due') continue;
          const lesson = input.catalog.find((l) => l.id === rec.lessonId)!;
          const passes = passedAt(input, rec.lessonId);
          if (lesson.recertifyAfterDays === null) expect(passes).toEqual([]);
          for (const t of passes) expect(NOW.getTime() - t).toBeGreaterThanOrEqual(DAY);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same answer for the same input, whatever order lists other than steps arrive in', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (input, seed) => {
        const shuffle = <T>(xs: readonly T[]) => [...xs].map((x, i) => ({ x, k: Math.sin(seed + i) })).sort((a, b) => a.k - b.k).map((e) => e.x);
        const reordered: RecommendInput = {
          ...structuredClone(input),
          catalog: shuffle(input.catalog).map((l) => structuredClone(l)),
          history: shuffle(input.history),
          itemStates: shuffle(input.itemStates),
          requirements: {
            // A requirement's lessons are its steps, in the order the admin gave: that order is input, not noise.
            byRole: Object.fromEntries(shuffle(Object.entries(input.requirements.byRole)).map(([k, v]) => [k, { lessons: [...v.lessons], skills: shuffle(v.skills) }])),
            byStation: Object.fromEntries(shuffle(Object.entries(input.requirements.byStation)).map(([k, v]) => [k, { lessons: [...v.lessons], skills: shuffle(v.skills) }])),
          },
          worker: { ...input.worker, roles: shuffle(input.worker.roles), stations: shuffle(input.worker.stations) },
        };
        expect(recommend(reordered)).toEqual(recommend(input));
      }),
      { numRuns: 300 },
    );
  });

  it('puts an eligible overdue recertification first whenever one exists', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const required = new Set<string>();
        for (const s of [input.station, ...input.worker.stations]) input.requirements.byStation[s]?.lessons.forEach((id) => required.add(id));
        for (const r of input.worker.roles) input.requirements.byRole[r]?.lessons.forEach((id) => required.add(id));
        const overdue = input.catalog.some((lesson) => {
          if (!required.has(lesson.id) || lesson.recertifyAfterDays === null) return false;
          const passes = passedAt(input, lesson.id);
          if (passes.length === 0 || NOW.getTime() < Math.max(...passes) + lesson.recertifyAfterDays * DAY) return false;
          return lesson.prerequisites.every((pre) => passedAt(input, pre).length > 0);
        });
        fc.pre(overdue);
        expect(recommend(input).primary?.reasonCode).toBe('recert-overdue');
      }),
      { numRuns: 200 },
    );
  });
});
