import type { LessonSummary } from '../../../common/contracts/kiosk-api';
import { reasonText, roleLabel, type ReasonCode } from './reasons';

/**
 * The simple "what next" rule until the learning engine in common/paths takes over: resume first,
 * then overdue refreshers, then lessons for this station, for the worker's roles, general ones, and
 * finally refreshers of what is done. Pure: everything it needs is passed in.
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

export interface LearnerContext {
  workerLanguage: string;
  terminalLanguage: string;
  roles: string[];
  stationId: string;
  stationName: string;
  now: Date;
  /** Latest completion per lesson id. */
  completedAt: Map<string, Date>;
  /** Lesson ids with a saved resume point. */
  inProgress: Set<string>;
}

export interface NextLessons {
  next: LessonSummary | null;
  alternatives: LessonSummary[];
}

const TIER: Record<ReasonCode, number> = { resume: 0, 'recertify-due': 1, station: 2, role: 3, new: 4, other: 5, refresher: 6 };
const DAY_MS = 86_400_000;
export const MAX_ALTERNATIVES = 2;

/** Language order to look for a lesson in: the worker's, the terminal's, then English. */
export function languagePreference(workerLanguage: string, terminalLanguage: string): string[] {
  return [...new Set([workerLanguage, terminalLanguage, 'en'])];
}

/** One variant per lesson id, in the most preferred language available; lessons in none of them are left out. */
export function pickLanguageVariants(lessons: LessonMeta[], preference: string[]): LessonMeta[] {
  const best = new Map<string, { meta: LessonMeta; rank: number }>();
  for (const meta of lessons) {
    const rank = preference.indexOf(meta.language);
    if (rank < 0) continue;
    const seen = best.get(meta.id);
    if (!seen || rank < seen.rank) best.set(meta.id, { meta, rank });
  }
  return [...best.values()].map((b) => b.meta);
}

function classify(meta: LessonMeta, ctx: LearnerContext): { code: ReasonCode; role: string } {
  if (ctx.inProgress.has(meta.id)) return { code: 'resume', role: '' };
  const done = ctx.completedAt.get(meta.id);
  if (done) {
    const expired = meta.recertifyAfterDays !== null && ctx.now.getTime() - done.getTime() >= meta.recertifyAfterDays * DAY_MS;
    return { code: expired ? 'recertify-due' : 'refresher', role: '' };
  }
  if (meta.stations.includes(ctx.stationId)) return { code: 'station', role: '' };
  const role = meta.roles.find((r) => ctx.roles.includes(r));
  if (role) return { code: 'role', role };
  if (meta.stations.length === 0 && meta.roles.length === 0) return { code: 'new', role: '' };
  return { code: 'other', role: '' };
}

export function chooseNextLessons(lessons: LessonMeta[], ctx: LearnerContext): NextLessons {
  const variants = pickLanguageVariants(lessons, languagePreference(ctx.workerLanguage, ctx.terminalLanguage));
  const ranked = variants
    .map((meta) => ({ meta, ...classify(meta, ctx) }))
    .sort((a, b) => {
      const tier = TIER[a.code] - TIER[b.code];
      if (tier !== 0) return tier;
      if (a.code === 'refresher' || a.code === 'recertify-due') {
        // the longest-ago completion is the one most worth repeating
        return ctx.completedAt.get(a.meta.id)!.getTime() - ctx.completedAt.get(b.meta.id)!.getTime();
      }
      return a.meta.id.localeCompare(b.meta.id);
    })
    .map(({ meta, code, role }): LessonSummary => ({
      id: meta.id,
      version: meta.version,
      title: meta.title,
      summary: meta.summary,
      durationMinutes: meta.durationMinutes,
      language: meta.language,
      reasonCode: code,
      reason: reasonText(code, ctx.workerLanguage, {
        stationName: ctx.stationName,
        role: roleLabel(role),
        days: meta.recertifyAfterDays ?? 0,
      }),
    }));
  return { next: ranked[0] ?? null, alternatives: ranked.slice(1, 1 + MAX_ALTERNATIVES) };
}
