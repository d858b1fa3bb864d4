import type { LessonSummary, ReviewOffer } from '../../../common/contracts/kiosk-api';
import type { Recommendation, RecommendResult } from '../../../common/paths';

/**
 * Turns the learning-path engine's ranking (common/paths) into what the greeting screen shows: the
 * lesson variant the worker will actually play, with the engine's reason. Pure.
 */

export interface LessonMeta {
  id: string;
  language: string;
  version: number;
  title: string;
  summary: string;
  durationMinutes: number;
  roles: string[];
  stations: string[];
  recertifyAfterDays: number | null;
}

export interface NextLessons {
  next: LessonSummary | null;
  alternatives: LessonSummary[];
  /** Nothing to learn now; a practice `review` may still be offered. */
  caughtUp: boolean;
  review: ReviewOffer | null;
}

/** Language order to look for a lesson in: the worker's, the terminal's, then English. */
export function languagePreference(workerLanguage: string, terminalLanguage: string): string[] {
  return [...new Set([workerLanguage, terminalLanguage, 'en'])];
}

/** One variant per lesson id, in the most preferred language available; lessons in none of them are left out. */
export function pickLanguageVariants(lessons: LessonMeta[], preference: string[]): Map<string, LessonMeta> {
  const best = new Map<string, { meta: LessonMeta; rank: number }>();
  for (const meta of lessons) {
    const rank = preference.indexOf(meta.language);
    if (rank < 0) continue;
    const seen = best.get(meta.id);
    if (!seen || rank < seen.rank) best.set(meta.id, { meta, rank });
  }
  return new Map([...best].map(([id, b]) => [id, b.meta]));
}

function summary(rec: Recommendation, meta: LessonMeta): LessonSummary {
  return {
    id: rec.lessonId,
    version: meta.version,
    title: meta.title,
    summary: meta.summary,
    durationMinutes: rec.detail.durationMinutes,
    language: meta.language,
    reason: rec.reason,
    reasonCode: rec.reasonCode,
  };
}

/**
 * The engine's primary and alternatives as playable lesson summaries. A recommendation for a lesson
 * the terminal has in none of the worker's languages is dropped (it cannot be played here).
 */
export function nextLessons(result: RecommendResult, variants: ReadonlyMap<string, LessonMeta>): NextLessons {
  const shown = [result.primary, ...result.alternatives].flatMap((rec) => {
    const meta = rec ? variants.get(rec.lessonId) : undefined;
    return rec && meta ? [summary(rec, meta)] : [];
  });
  const review = result.review
    ? { kind: result.review.kind, itemCount: result.review.items.length, estimatedMinutes: result.review.estimatedMinutes, reason: result.review.reason }
    : null;
  return { next: shown[0] ?? null, alternatives: shown.slice(1), caughtUp: shown.length === 0, review };
}
