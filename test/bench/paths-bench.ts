import { performance } from 'node:perf_hooks';
import { type CatalogLesson, type Completion, type ItemState, recommend, type RecommendInput } from '../../common/paths';
import { prng } from './prng';

/**
 * Ranking latency for one worker against 1,000 lessons and 10,000 recorded results (target p95 <= 5 ms).
 * The catalog array is reused across taps, as the kiosk does, so its derived index is built once;
 * the "cold" figure rebuilds it every time (first tap after a content update).
 */
const LESSONS = 1_000;
const RESULTS = 10_000;
const ITEMS = 2_000;
const RUNS = 300;
const WARMUP = 30;
const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-10T12:00:00.000Z');

function buildInput(): RecommendInput {
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const stations = Array.from({ length: 20 }, (_, i) => `station-${i}`);
  const roles = Array.from({ length: 10 }, (_, i) => `role-${i}`);
  const skills = Array.from({ length: 50 }, (_, i) => `skill-${i}`);
  const catalog: CatalogLesson[] = Array.from({ length: LESSONS }, (_, i) => ({
    id: `lesson-${String(i).padStart(4, '0')}`,
    version: 1,
    titles: { en: `Lesson ${i}`, es: `Lección ${i}` },
    durationMinutes: 1 + Math.floor(rand() * 10),
    skills: [pick(skills)],
    roles: rand() < 0.3 ? [pick(roles)] : [],
    stations: rand() < 0.3 ? [pick(stations)] : [],
    prerequisites: i > 0 && rand() < 0.5 ? [`lesson-${String(Math.floor(rand() * i)).padStart(4, '0')}`] : [],
    recertifyAfterDays: rand() < 0.3 ? 30 + Math.floor(rand() * 365) : null,
    itemIds: [`q-${i}-1`, `q-${i}-2`, `q-${i}-3`],
  }));
  const requirement = () => ({ lessons: Array.from({ length: 25 }, () => pick(catalog).id), skills: Array.from({ length: 5 }, () => pick(skills)) });
  const history: Completion[] = Array.from({ length: RESULTS }, () => {
    const passed = rand() < 0.85;
    return {
      lessonId: pick(catalog).id,
      version: 1,
      completedAt: new Date(NOW.getTime() - rand() * 900 * DAY).toISOString(),
      score: passed ? 1 : 0.3,
      passed,
    };
  });
  const itemStates: ItemState[] = Array.from({ length: ITEMS }, (_, i) => {
    const lesson = catalog[i % LESSONS]!;
    return {
      itemId: `q-${i % LESSONS}-${1 + Math.floor(i / LESSONS)}`,
      lessonId: lesson.id,
      due: new Date(NOW.getTime() + (rand() * 60 - 30) * DAY).toISOString(),
      stability: 5,
      difficulty: 5,
      scheduledDays: 5,
      learningSteps: 0,
      reps: 2,
      lapses: 0,
      state: 'review',
      lastReviewedAt: new Date(NOW.getTime() - 10 * DAY).toISOString(),
      lastAnswerCorrect: rand() < 0.7,
    };
  });
  return {
    catalog,
    requirements: {
      byRole: Object.fromEntries(roles.map((r) => [r, requirement()])),
      byStation: Object.fromEntries(stations.map((s) => [s, requirement()])),
    },
    worker: { id: 'bench-worker', roles: ['role-1', 'role-2'], stations: ['station-3', 'station-4'], language: 'es' },
    station: 'station-3',
    now: NOW,
    history,
    itemStates,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function measure(run: () => void): { p50: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

export async function runPathsBench(): Promise<{ p50: number; p95: number }> {
  const input = buildInput();
  const warm = measure(() => recommend(input));
  const cold = measure(() => recommend({ ...input, catalog: [...input.catalog] }));
  const fmt = (n: number) => n.toFixed(2);
  console.log(`paths: recommend() for ${LESSONS} lessons, ${RESULTS} results, ${ITEMS} review items, ${RUNS} runs`);
  console.log(`paths:   p50 ${fmt(warm.p50)} ms, p95 ${fmt(warm.p95)} ms (target p95 <= 5 ms) ${warm.p95 <= 5 ? 'OK' : 'OVER TARGET'}`);
  console.log(`paths:   cold catalog index: p50 ${fmt(cold.p50)} ms, p95 ${fmt(cold.p95)} ms`);
  return warm;
}

if (require.main === module) {
  runPathsBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
