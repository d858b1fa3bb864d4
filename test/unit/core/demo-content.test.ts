import { describe, expect, it } from 'vitest';
import { lesson as lessonSchema, type CheckCard } from '../../../common/contracts/lesson';
import { demoLessons } from '../../../electron/core/demo/demo-lessons';

const fakeHash = (name: string) => Buffer.from(name.padEnd(32, '_').slice(0, 32)).toString('hex');

describe('demo lessons', () => {
  const lessons = demoLessons(fakeHash);

  it('are valid lessons of 3 to 8 cards', () => {
    for (const l of lessons) {
      expect(() => lessonSchema.parse(l), `${l.id}/${l.language}`).not.toThrow();
      expect(l.cards.length).toBeGreaterThanOrEqual(3);
      expect(l.cards.length).toBeLessThanOrEqual(8);
    }
    expect(new Set(lessons.map((l) => l.id)).size).toBe(5);
  });

  it('each has a single- and a multiple-choice check with feedback on every option', () => {
    for (const l of lessons) {
      const checks = l.cards.filter((c): c is CheckCard => c.kind === 'check');
      expect(checks.map((c) => c.mode).sort(), l.id).toEqual(expect.arrayContaining(['multiple', 'single']));
      for (const c of checks) expect(c.options.every((o) => o.feedback && o.feedback.length > 0)).toBe(true);
    }
  });

  it('include images and a captioned video', () => {
    const cards = lessons.flatMap((l) => l.cards);
    expect(cards.some((c) => c.kind === 'image')).toBe(true);
    expect(cards.some((c) => c.kind === 'video' && c.captions)).toBe(true);
  });
});
