import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { buildPack, checkContent, type BuiltPack } from '../../../content-pack/pack';
import { formatProblem } from '../../../content-pack/problems';
import type { Lesson } from '../../../common/contracts/lesson';
import { SVG_WARM_MS, warmSvgCheck } from './fixtures';

beforeAll(warmSvgCheck, SVG_WARM_MS);

const CONTENT = path.resolve(__dirname, '../../../content');

describe('starter library', () => {
  let pack: BuiltPack;
  const byLanguage = (language: string) => pack.lessons.filter((l) => l.language === language);
  beforeAll(() => {
    pack = buildPack(CONTENT);
  });

  it('builds with zero problems', () => {
    expect(checkContent(CONTENT).map(formatProblem)).toEqual([]);
  });

  it('has at least 20 lessons in English and the same lessons in Spanish', () => {
    const en = byLanguage('en').map((l) => l.id);
    expect(en.length).toBeGreaterThanOrEqual(20);
    expect(byLanguage('es').map((l) => l.id)).toEqual(en);
  });

  it('covers the four areas named in the brief', () => {
    const ids = new Set(pack.lessons.map((l) => l.id));
    for (const id of [
      'lockout-tagout-basics', 'machine-guarding', 'ppe-selection', 'pinch-points', 'hearing-protection',
      'allergen-control', 'handwashing', 'temperature-logs', 'cross-contamination', 'cleaning-and-sanitising',
      'forklift-pre-shift-check', 'safe-lifting', 'pallet-stacking', 'forklift-pedestrian-safety', 'loading-dock-safety',
      'cash-handling', 'customer-incidents', 'slips-and-trips', 'de-escalation', 'receiving-deliveries',
    ]) expect(ids, id).toContain(id);
  });

  it('keeps every lesson to 2-5 minutes and 4-8 cards, with at least one check', () => {
    for (const l of pack.lessons) {
      const where = `${l.id}.${l.language}`;
      expect(l.durationMinutes, where).toBeGreaterThanOrEqual(2);
      expect(l.durationMinutes, where).toBeLessThanOrEqual(5);
      expect(l.cards.length, where).toBeGreaterThanOrEqual(4);
      expect(l.cards.length, where).toBeLessThanOrEqual(8);
      expect(l.cards.some((c) => c.kind === 'check'), where).toBe(true);
    }
  });

  it('gives every check the right number of correct options, feedback on each option and an explanation', () => {
    for (const l of pack.lessons) {
      for (const c of l.cards) {
        if (c.kind !== 'check') continue;
        const where = `${l.id}.${l.language} ${c.itemId}`;
        const correct = c.options.filter((o) => o.correct).length;
        if (c.mode === 'multiple') expect(correct, where).toBeGreaterThanOrEqual(1);
        else expect(correct, where).toBe(1);
        if (c.mode === 'truefalse') expect(c.options, where).toHaveLength(2);
        for (const o of c.options) expect(o.feedback, where).toBeTruthy();
        expect(c.explanation, where).toBeTruthy();
      }
    }
  });

  it('keeps each translation structurally in step with English: same checks, same answers marked correct', () => {
    const en = new Map(byLanguage('en').map((l) => [l.id, l]));
    const shape = (l: Lesson) =>
      l.cards.map((c) => (c.kind === 'check' ? `${c.itemId}:${c.mode}:${c.options.map((o) => (o.correct ? 'x' : '-')).join('')}` : c.kind));
    for (const es of byLanguage('es')) {
      const base = en.get(es.id)!;
      expect(shape(es), es.id).toEqual(shape(base));
      expect({ p: es.prerequisites, r: es.recertifyAfterDays, d: es.durationMinutes }, es.id).toEqual({
        p: base.prerequisites, r: base.recertifyAfterDays, d: base.durationMinutes,
      });
    }
  });

  it('uses prerequisites and recertification for the safety-critical lessons', () => {
    const get = (id: string) => pack.lessons.find((l) => l.id === id && l.language === 'en')!;
    expect(get('lockout-tagout-verify').prerequisites).toEqual(['lockout-tagout-basics']);
    expect(get('lockout-tagout-basics').recertifyAfterDays).toBe(365);
    expect(get('forklift-pre-shift-check').recertifyAfterDays).toBe(180);
  });

  it('references at least 8 project diagrams, every one of them used', () => {
    const svgs = fs.readdirSync(path.join(CONTENT, 'media')).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(8);
    expect(pack.manifest.media.filter((m) => m.mimeType === 'image/svg+xml')).toHaveLength(svgs.length);
  });
});
