import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, issuePath } from '../../../common/validation/zod-issues';

const statement = z.object({ result: z.object({ score: z.object({ scaled: z.number().max(1) }) }), answers: z.array(z.object({ chosen: z.array(z.string()).min(1) })) });
const issuesOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error!.issues;

describe('zod issue formatter (common)', () => {
  it('writes paths as a reader would: dots for fields, brackets for indexes, under a root', () => {
    expect(issuePath(['site', 'id'])).toBe('site.id');
    expect(issuePath([0, 'cardIndex'], 'args')).toBe('args[0].cardIndex');
    expect(issuePath(['result', 'score'], '[1]')).toBe('[1].result.score');
    expect(issuePath([], 'args')).toBe('args');
  });

  it('names the field and zod\'s problem for every issue', () => {
    const issues = issuesOf(statement, { result: { score: { scaled: 2 } }, answers: [{ chosen: [] }] });
    expect(describeIssues(issues)).toBe('result.score.scaled: Too big: expected number to be <=1; answers[0].chosen: Too small: expected array to have >=1 items');
  });

  it('names the value itself when the issue has no path', () => {
    expect(describeIssues(issuesOf(z.string(), 3), { whole: '(body)' })).toBe('(body): Invalid input: expected string, received number');
  });

  it('lists at most `max` issues and counts the rest', () => {
    const issues = issuesOf(z.tuple([z.string(), z.string(), z.string()]), [1, 2, 3]);
    expect(describeIssues(issues, { root: 'args', max: 2 })).toMatch(/^args\[0\]: .*; args\[1\]: .*; and 1 more$/);
  });
});
