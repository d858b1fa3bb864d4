import { describe, expect, it } from 'vitest';
import { buildCompletionStatement, canonicalJson, msToIsoDuration, statementContentHash, statementSchema, verbs, type KioskCompletion } from '../../common/xapi';

const completion: KioskCompletion = {
  id: '6F1C2B9E-3D4A-4B5C-9D8E-7F6A5B4C3D2E',
  employeeId: 'E1001',
  workerName: 'Ana Noor',
  lessonId: 'lockout-tagout',
  lessonVersion: 3,
  lessonTitle: 'Sperren und Kennzeichnen',
  language: 'de',
  score: 2 / 3,
  passed: true,
  durationMs: 90_500,
  completedAt: '2026-11-25T08:15:00+01:00',
};
const ctx = { serverUrl: 'https://learn.example.com/', siteId: 'plant-2', stationId: 'press-line-4', terminalId: 't-1' };

describe('buildCompletionStatement', () => {
  it('is byte-identical for the same completion, so a retry is the same statement', () => {
    const a = JSON.stringify(buildCompletionStatement(completion, ctx));
    const b = JSON.stringify(buildCompletionStatement({ ...completion }, { ...ctx }));
    expect(a).toBe(b);
  });

  it('builds a valid xAPI statement in the shape the server expects', () => {
    const s = buildCompletionStatement(completion, ctx);
    expect(statementSchema.safeParse(s).success).toBe(true);
    expect(s).toMatchObject({
      id: completion.id.toLowerCase(),
      actor: { objectType: 'Agent', account: { homePage: 'https://learn.example.com', name: 'E1001' }, name: 'Ana Noor' },
      verb: { id: verbs.passed },
      object: { id: 'https://learn.example.com/activities/lesson/lockout-tagout', definition: { name: { de: 'Sperren und Kennzeichnen' } } },
      result: { score: { scaled: 0.6667 }, success: true, completion: true, duration: 'PT1M30.5S' },
      context: {
        platform: 'Shiftlearn kiosk',
        language: 'de',
        extensions: {
          'https://learn.example.com/xapi/ext/site': 'plant-2',
          'https://learn.example.com/xapi/ext/station': 'press-line-4',
          'https://learn.example.com/xapi/ext/terminal': 't-1',
        },
      },
      timestamp: '2026-11-25T07:15:00.000Z',
    });
  });

  it('uses failed, and completed when the lesson has no pass mark', () => {
    expect(buildCompletionStatement({ ...completion, passed: false }, ctx).verb.id).toBe(verbs.failed);
    const plain = buildCompletionStatement({ ...completion, passed: null, score: null }, ctx);
    expect(plain.verb.id).toBe(verbs.completed);
    expect(plain.result).toEqual({ completion: true, duration: 'PT1M30.5S' });
  });
});

describe('msToIsoDuration', () => {
  it.each([
    [0, 'PT0S'],
    [500, 'PT0.5S'],
    [90_500, 'PT1M30.5S'],
    [60_000, 'PT1M'],
    [3_723_004, 'PT1H2M3.004S'],
    [7_200_000, 'PT2H'],
  ])('%d ms -> %s', (ms, iso) => expect(msToIsoDuration(ms)).toBe(iso));

  it('refuses negative durations', () => expect(() => msToIsoDuration(-1)).toThrow(/non-negative/));
});

describe('statementContentHash', () => {
  it('ignores key order, LRS-set fields and timestamp notation, but not content', () => {
    const s = buildCompletionStatement(completion, ctx) as Record<string, unknown>;
    const h = statementContentHash(s);
    expect(statementContentHash({ ...s, stored: '2026-01-01T00:00:00Z', version: '1.0.3' })).toBe(h);
    expect(statementContentHash({ ...s, timestamp: '2026-11-25T07:15:00Z' })).toBe(h);
    expect(statementContentHash(Object.fromEntries(Object.entries(s).reverse()))).toBe(h);
    expect(statementContentHash({ ...s, result: { completion: false } })).not.toBe(h);
  });

  it('keeps the canonical text byte for byte: hashes stored earlier are compared with new ones', () => {
    const value = { z: [3, { b: null, a: 'x"\u00e9\n' }, [], {}], '10': true, '2': -0, A: 1e21, é: 0.1, ä: [undefined, 'u'], skip: undefined, '': { y: '\u00fc\u2028', x: false } };
    expect(canonicalJson(value)).toBe('{"":{"x":false,"y":"\u00fc\u2028"},"10":true,"2":0,"A":1e+21,"z":[3,{"a":"x\\"\u00e9\\n","b":null},[],{}],"\u00e4":[,"u"],"\u00e9":0.1}');
  });
});
