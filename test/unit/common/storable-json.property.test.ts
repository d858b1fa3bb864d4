import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnstorableJson, unstorableTextProblem } from '../../../common/xapi/storable-json';

/**
 * findUnstorableJson first asks a walk that allocates nothing whether there is a problem at all
 * (issue 17: every statement stored is checked), and only then walks again to name it. It must
 * still find every problem: compared here with a plain reading of the rule.
 */
function storable(v: unknown, depth: number, maxDepth: number): boolean {
  if (typeof v === 'string') return unstorableTextProblem(v) === null;
  if (v === null || typeof v !== 'object') return true;
  if (depth >= maxDepth) return false;
  return Object.entries(v).every(([key, e]) => (Array.isArray(v) || unstorableTextProblem(key) === null) && storable(e, depth + 1, maxDepth));
}

/** Mostly clean text, sometimes with a NUL, a lone surrogate or a proper pair. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('a\u0000', '\ud800', 'x\udc00y', '\ud83d\ude00', '\udc00\ud800', '__proto__') },
);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.array(fc.tuple(text, tie('value')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
}));

describe('findUnstorableJson', () => {
  it('finds a problem in any value that has one, and none in any other, for any depth limit', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 6 }), (v, maxDepth) => {
        expect(findUnstorableJson(v, maxDepth) === null).toBe(storable(v, 0, maxDepth));
      }),
      { numRuns: 3000 },
    );
  }, 60_000);
});
