import { describe, expect, it } from 'vitest';
import type { Recommendation, RecommendResult } from '../../../common/paths';
import { languagePreference, nextLessons, pickLanguageVariants, type LessonMeta } from '../../../electron/core/lessons/next-lesson';
import { resumeCardIndex } from '../../../electron/core/lessons/progress-repo';

function meta(id: string, over: Partial<LessonMeta> = {}): LessonMeta {
  return { id, language: 'en', version: 1, title: id, summary: '', durationMinutes: 2, roles: [], stations: [], recertifyAfterDays: null, ...over };
}

function rec(lessonId: string, over: Partial<Recommendation> = {}): Recommendation {
  return { lessonId, title: lessonId, reasonCode: 'station-required', reason: 'Required for Press line 4', detail: { durationMinutes: 2 }, ...over };
}

const empty: RecommendResult = { primary: null, alternatives: [], caughtUp: true, review: null };

describe('nextLessons (engine result -> greeting screen)', () => {
  it("shows the engine's pick with its reason, in the worker's best language variant", () => {
    const variants = pickLanguageVariants([meta('a', { title: 'A' }), meta('a', { language: 'es', title: 'A-es' }), meta('b')], languagePreference('es', 'en'));
    const shown = nextLessons({ ...empty, caughtUp: false, primary: rec('a', { reason: 'Obligatorio para Press line 4' }), alternatives: [rec('b', { reasonCode: 'role-required' })] }, variants);
    expect(shown.next).toMatchObject({ id: 'a', title: 'A-es', language: 'es', reason: 'Obligatorio para Press line 4', reasonCode: 'station-required' });
    expect(shown.alternatives.map((l) => [l.id, l.language, l.reasonCode])).toEqual([['b', 'en', 'role-required']]);
    expect(shown.caughtUp).toBe(false);
  });

  it('drops a pick the terminal has in none of the usable languages, so the next one moves up', () => {
    const variants = pickLanguageVariants([meta('x', { language: 'de' }), meta('y')], languagePreference('en', 'en'));
    const shown = nextLessons({ ...empty, caughtUp: false, primary: rec('x'), alternatives: [rec('y')] }, variants);
    expect(shown.next?.id).toBe('y');
    expect(shown.alternatives).toEqual([]);
  });

  it('is caught up with nothing to learn, and still passes a practice review on', () => {
    const review = { kind: 'practice' as const, items: [], dueCount: 0, estimatedMinutes: 2, reason: 'Nothing due today' };
    expect(nextLessons({ ...empty, review }, new Map())).toEqual({
      next: null,
      alternatives: [],
      caughtUp: true,
      review: { kind: 'practice', itemCount: 0, estimatedMinutes: 2, reason: 'Nothing due today' },
    });
  });
});

describe('resumeCardIndex', () => {
  it('a point saved without a card id resumes at the saved card of the same version and starts over otherwise', () => {
    const v2 = { version: 2, cards: Array.from({ length: 6 }, (_, i) => ({ id: `c${i}` })) };
    expect(resumeCardIndex({ lessonVersion: 2, cardIndex: 3, cardId: null }, v2)).toBe(3);
    expect(resumeCardIndex({ lessonVersion: 1, cardIndex: 3, cardId: null }, v2)).toBe(0);
    expect(resumeCardIndex({ lessonVersion: 2, cardIndex: 7, cardId: null }, v2)).toBe(0);
    expect(resumeCardIndex(null, v2)).toBe(0);
  });
});
