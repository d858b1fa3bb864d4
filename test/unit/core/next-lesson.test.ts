import { describe, expect, it } from 'vitest';
import { chooseNextLessons, type LearnerContext, type LessonMeta } from '../../../electron/core/lessons/next-lesson';
import { resumeCardIndex } from '../../../electron/core/lessons/progress-repo';

function meta(id: string, over: Partial<LessonMeta> = {}): LessonMeta {
  return { id, language: 'en', version: 1, title: id, summary: '', durationMinutes: 2, roles: [], stations: [], recertifyAfterDays: null, ...over };
}

const ctx: LearnerContext = {
  workerLanguage: 'en',
  terminalLanguage: 'en',
  roles: ['press-operator'],
  stationId: 'press-line-4',
  stationName: 'Press line 4',
  now: new Date('2026-11-25T08:00:00Z'),
  completedAt: new Map(),
  inProgress: new Set(),
};

describe('chooseNextLessons', () => {
  it('prefers this station, then the worker role, then general lessons, with up to two alternatives', () => {
    const lessons = [meta('general'), meta('for-role', { roles: ['press-operator'] }), meta('other-station', { stations: ['assembly-2'] }), meta('here', { stations: ['press-line-4'] })];
    const { next, alternatives } = chooseNextLessons(lessons, ctx);
    expect(next).toMatchObject({ id: 'here', reasonCode: 'station', reason: 'Needed for working at Press line 4.' });
    expect(alternatives.map((a) => a.id)).toEqual(['for-role', 'general']);
  });

  it('offers a lesson left half-way first, and completed lessons last unless their recertification is due', () => {
    const completedAt = new Map([
      ['here', new Date('2026-11-20T08:00:00Z')],
      ['old', new Date('2024-01-01T08:00:00Z')],
    ]);
    const lessons = [meta('here', { stations: ['press-line-4'] }), meta('old', { recertifyAfterDays: 365 }), meta('started'), meta('general')];
    const { next, alternatives } = chooseNextLessons(lessons, { ...ctx, completedAt, inProgress: new Set(['started']) });
    expect(next?.reasonCode).toBe('resume');
    expect(alternatives.map((a) => [a.id, a.reasonCode])).toEqual([
      ['old', 'recertify-due'],
      ['general', 'new'],
    ]);
  });

  it("uses the worker's language, falls back to the terminal's and then English, and words the reason for the worker", () => {
    const lessons = [meta('a', { language: 'en', title: 'A' }), meta('a', { language: 'es', title: 'A-es' }), meta('b', { language: 'de' }), meta('c', { language: 'en' })];
    const { next, alternatives } = chooseNextLessons(lessons, { ...ctx, workerLanguage: 'es', terminalLanguage: 'en' });
    expect(next).toMatchObject({ id: 'a', title: 'A-es', language: 'es', reason: 'Nueva para ti.' });
    expect(alternatives.map((l) => [l.id, l.language])).toEqual([['c', 'en']]);
  });

  it('returns no lesson when there is nothing in a usable language', () => {
    expect(chooseNextLessons([meta('x', { language: 'de' })], ctx)).toEqual({ next: null, alternatives: [] });
  });
});

describe('resumeCardIndex', () => {
  it('resumes at the saved card of the same version and starts over otherwise', () => {
    expect(resumeCardIndex({ lessonVersion: 2, cardIndex: 3 }, 2, 6)).toBe(3);
    expect(resumeCardIndex({ lessonVersion: 1, cardIndex: 3 }, 2, 6)).toBe(0);
    expect(resumeCardIndex({ lessonVersion: 2, cardIndex: 7 }, 2, 6)).toBe(0);
    expect(resumeCardIndex(null, 2, 6)).toBe(0);
  });
});
