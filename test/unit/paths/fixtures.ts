import type { CatalogLesson, Completion, PathWorker, RecommendInput, Requirements } from '../../../common/paths';

export const DAY = 24 * 60 * 60 * 1000;
export const NOW = new Date('2026-03-10T12:00:00.000Z');

export const daysAgo = (days: number, from: Date = NOW) => new Date(from.getTime() - days * DAY);
export const daysLater = (days: number, from: Date = NOW) => new Date(from.getTime() + days * DAY);

export function lesson(id: string, over: Partial<CatalogLesson> = {}): CatalogLesson {
  return {
    id,
    version: 1,
    titles: { en: `Title ${id}` },
    durationMinutes: 3,
    skills: [],
    roles: [],
    stations: [],
    prerequisites: [],
    recertifyAfterDays: null,
    itemIds: [],
    ...over,
  };
}

export function passed(lessonId: string, at: Date): Completion {
  return { lessonId, version: 1, completedAt: at.toISOString(), score: 1, passed: true };
}

export function failed(lessonId: string, at: Date): Completion {
  return { lessonId, version: 1, completedAt: at.toISOString(), score: 0.2, passed: false };
}

export const worker = (over: Partial<PathWorker> = {}): PathWorker => ({
  id: 'w1',
  roles: ['operator'],
  stations: ['press-4'],
  language: 'en',
  ...over,
});

export const noRequirements: Requirements = { byRole: {}, byStation: {} };

export function input(over: Partial<RecommendInput> & Pick<RecommendInput, 'catalog'>): RecommendInput {
  return {
    requirements: noRequirements,
    worker: worker(),
    station: 'press-4',
    now: NOW,
    history: [],
    itemStates: [],
    names: { stations: { 'press-4': 'Press line 4' }, roles: { operator: 'Machine operator', forklift: 'Forklift driver' } },
    ...over,
  };
}
