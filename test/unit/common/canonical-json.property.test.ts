import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCompletionStatement } from '../../../common/xapi/completion';
import { canonicalJson, statementContentHash } from '../../../common/xapi/canonical';
import { statementSchema } from '../../../common/xapi/statement';

/**
 * Stored statements carry the content hash they were stored with, and a re-posted statement is told
 * apart from a changed one by comparing hashes: the canonical text may be rewritten for speed, never
 * changed by one byte. The implementations below are the code hashes were stored with (as of
 * cfa4afb), kept here as the reference the current code is compared with.
 */
function formerCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (formerCanonicalJson(value[i]) ?? '');
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = object[key];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${formerCanonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

function formerStatementContentHash(statement: Record<string, unknown>): string {
  const { stored: _s, authority: _a, version: _v, ...content } = statement;
  const normalised = typeof content.timestamp === 'string' ? { ...content, timestamp: new Date(content.timestamp).toISOString() } : content;
  return createHash('sha256').update(formerCanonicalJson(normalised)).digest('hex');
}

/** Any UTF-16 code units: lone and paired surrogates, controls, quotes, backslashes, U+2028. */
const codeUnits = fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0x22, 0x5c, 0x0a, 0x1f, 0x7f, 0x2028, 0xd800, 0xdc00, 0xe9)), { maxLength: 12 }).map((units) => String.fromCharCode(...units));

/** Keys that sort differently from how objects enumerate them: integer-like ones come first in numeric order in JS objects. */
const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('id', 'actor', 'a', 'B', 'b', 'é', 'ä', '', 'timestamp', 'stored', 'authority', 'version', '__proto__', 'toJSON', 'constructor') },
  { weight: 3, arbitrary: fc.oneof(fc.nat({ max: 20 }), fc.constantFrom(4294967294, 4294967295, 4294967296)).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('01', '-1', '1.5', '1e3', ' 1', 'http://x/ext/10', 'http://x/ext/9') },
  { weight: 3, arbitrary: codeUnits },
);

/** Keys as xAPI has them (none starts with a digit), which take the quick path of a sorted copy. */
const xapiKey = fc.oneof(
  fc.constantFrom('id', 'actor', 'a', 'B', 'b', 'é', 'ä', '', '-1', ' 1', 'en-US', 'http://x/ext/10', 'http://x/ext/9', 'timestamp', 'stored', 'authority', 'version', 'toJSON', 'constructor'),
  codeUnits.filter((k) => !/^\d/.test(k)),
);

const number = fc.oneof(fc.double(), fc.integer()); // doubles include -0, NaN, the infinities, 1e21 and beyond
const jsonLeaf = fc.oneof(fc.constant(null), fc.boolean(), number, codeUnits, fc.string({ unit: 'grapheme', maxLength: 8 }));
const leaf = fc.oneof({ weight: 5, arbitrary: jsonLeaf }, { weight: 1, arbitrary: fc.constant(undefined) });

/** Nested values over these keys and leaves; objects built with own properties (as JSON.parse does), so `__proto__` is a key like any other. */
function nested(keys: fc.Arbitrary<string>, leaves: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaves, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 6 }),
    object: fc.oneof(
      fc.array(fc.tuple(keys, tie('value')), { maxLength: 6 }),
      fc.array(fc.tuple(fc.oneof(keys, fc.nat({ max: 60 }).map((n) => `k${n}`)), leaves), { minLength: 14, maxLength: 40 }), // past the insertion sort
    ).map((entries) => Object.fromEntries(entries)),
  })).value;
}

const value = nested(key, leaf);
/** JSON as a client sends it: no undefined in arrays, keys as xAPI has them (undefined members are still skipped). */
const json = nested(xapiKey, fc.oneof(jsonLeaf, fc.constant(undefined))).map(function dropArrayHoles(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((e) => e !== undefined).map(dropArrayHoles);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, dropArrayHoles(e)]));
});

/** Top-level statements: LRS-set keys and timestamps in every notation, besides anything else. */
const timestamp = fc.oneof(
  fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).chain((d) =>
    fc.constantFrom(d.toISOString(), d.toISOString().replace('.000Z', 'Z'), d.toISOString().replace('Z', '+00:00'), d.toISOString().replace(/\.\d+Z$/, '+01:30')),
  ),
  leaf,
  value,
);
const statementLike = fc
  .tuple(fc.oneof(fc.array(fc.tuple(key, value), { maxLength: 10 }), fc.array(fc.tuple(xapiKey, json), { maxLength: 10 })), fc.option(timestamp), fc.option(value), fc.option(json), fc.option(value))
  .map(([entries, t, stored, authority, version]) => {
    const s = Object.fromEntries(entries) as Record<string, unknown>;
    if (t !== null) s.timestamp = t;
    if (stored !== null) s.stored = stored;
    if (authority !== null) s.authority = authority;
    if (version !== null) s.version = version;
    return s;
  });

/** The outcome of a call: its result, or the kind of error it threw (an invalid timestamp throws either way). */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (err) {
    return `threw ${(err as Error).name}`;
  }
}

describe('canonical statement JSON, rewritten for speed, is the text hashes were stored with', () => {
  it.each([
    ['any JSON-like value (integer-like keys, surrogates, undefined, -0, NaN, many keys)', value],
    ['JSON as clients send it (keys that do not look like integers)', json],
  ])('gives the former canonical text for %s', (_, values) => {
    fc.assert(
      fc.property(values, (v) => {
        expect(canonicalJson(v)).toBe(formerCanonicalJson(v));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('gives the former content hash for any statement-like object', () => {
    fc.assert(
      fc.property(statementLike, (s) => {
        expect(outcome(() => statementContentHash(s))).toBe(outcome(() => formerStatementContentHash(s)));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('agrees on what is not JSON: functions, symbols, holes, boxed values, dates, arrays at the top', () => {
    const f = () => 1;
    const odd: unknown[] = [
      { f, s: Symbol('x'), u: undefined, n: null },
      { f },
      { a: [f], s: [Symbol('x')] },
      { b: ['x', f] },
      { s: Symbol('x') },
      ['x', Symbol('x')],
      [f, Symbol('x'), undefined, , 1], // eslint-disable-line no-sparse-arrays
      new Date(0),
      { boxed: [new Number(1), new String('ab'), new Boolean(false)] },
      Object.assign(Object.create(null) as object, { b: 1, a: [] }),
      ['x', { '10': 1, '9': 2 }],
    ];
    for (const v of odd) expect(canonicalJson(v)).toBe(formerCanonicalJson(v));
    for (const v of [{ n: 1n }, [1n]]) expect(outcome(() => canonicalJson(v))).toBe(outcome(() => formerCanonicalJson(v)));
    for (const v of [undefined, f, 'x', 1, true, null]) expect(canonicalJson(v)).toBe(formerCanonicalJson(v));
    expect(statementContentHash(['a', 'b'] as unknown as Record<string, unknown>)).toBe(formerStatementContentHash(['a', 'b'] as unknown as Record<string, unknown>));
  });

  it('keeps the hashes of statements stored before', () => {
    const kiosk = buildCompletionStatement(
      { id: '6F1C2B9E-3D4A-4B5C-9D8E-7F6A5B4C3D2E', employeeId: 'E1001', workerName: 'Ana Noor', lessonId: 'lockout-tagout', lessonVersion: 3, lessonTitle: 'Sperren und Kennzeichnen', language: 'de', score: 2 / 3, passed: true, durationMs: 90_500, completedAt: '2026-11-25T08:15:00+01:00' },
      { serverUrl: 'https://learn.example.com/', siteId: 'plant-2', stationId: 'press-line-4', terminalId: 't-1' },
    );
    const rich = {
      actor: { objectType: 'Group', name: 'Crew "B"', member: [{ mbox: 'mailto:a@example.com' }, { account: { homePage: 'http://hr.example.com', name: 'ü-7' } }] },
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'de-DE': 'beantwortete' } },
      object: { objectType: 'SubStatement', actor: { mbox: 'mailto:b@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: { id: 'http://example.com/talk/42' } },
      result: {
        score: { raw: 7, min: 0, max: 10 },
        response: 'line1\nline2\t"quoted" \\ 😀',
        extensions: { 'http://example.com/ext/10': [1, 2.5, -0, 1e21, null, true], 'http://example.com/ext/2': { '10': 'a', '9': 'b', B: 'c', a: 'd', é: 'e' } },
      },
      context: { registration: '9c1f0b7e-6b1a-4c55-8f3e-2a1d9e7b6c5d', contextActivities: { grouping: [{ id: 'http://example.com/g' }] }, language: 'de-AT' },
      timestamp: '2026-11-30T08:15:30+01:00',
      stored: '2026-11-30T08:00:00Z',
      version: '1.0.3',
    };
    // computed with the code of cfa4afb
    expect(statementContentHash(statementSchema.parse(kiosk))).toBe('db04507ee0002a2d1c84e8bc3da03bbb24454c683c6bb46401ad36acf17170de');
    expect(statementContentHash(statementSchema.parse(rich))).toBe('ad6cda30eabc9925926ff8de79d8695e8d940e619d80c2f7c626e0761d298e5c');
    expect(statementContentHash(rich)).toBe('ad6cda30eabc9925926ff8de79d8695e8d940e619d80c2f7c626e0761d298e5c');
  });
});
