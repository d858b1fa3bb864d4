import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCompletionStatement } from '../../../common/xapi/completion';
import { compiledStatementSchema, statementSchema, VOIDED_VERB } from '../../../common/xapi/statement';

/**
 * The ingest path validates with statementSchema compiled by zod into generated code (issue 17). A
 * compiled parser that accepted one statement the schema refuses, or returned it changed, would
 * store what the LRS must not: so statements of every shape, valid and broken at random places, must
 * get the same answer from both, down to the output's key order and the issues of a refusal.
 */

const kiosk = buildCompletionStatement(
  { id: '6f1c2b9e-3d4a-4b5c-9d8e-7f6a5b4c3d2e', employeeId: 'E1001', workerName: 'Ana Noor', lessonId: 'lockout tagout', lessonVersion: 3, lessonTitle: 'Sperren', language: 'de', score: 2 / 3, passed: true, durationMs: 90_500, completedAt: '2026-11-25T08:15:00+01:00' },
  { serverUrl: 'https://learn.example.com/', siteId: 'plant-2', stationId: 'press-line-4', terminalId: 't-1' },
);
const agent = (n: number) => ({ objectType: 'Agent', name: `Learner ${n}`, mbox: `mailto:learner${n}@example.com` });
const activity = (path: string) => ({ objectType: 'Activity', id: `http://example.com/${path}` });

/** Valid statements of the shapes the schema has rules for. */
const valid: unknown[] = [
  kiosk,
  {
    actor: { objectType: 'Group', name: 'Crew B', member: [agent(1), { account: { homePage: 'http://hr.example.com', name: 'u7' } }] },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'de-DE': 'beantwortete' } },
    object: {
      id: 'http://example.com/q3',
      definition: {
        name: { 'en-US': 'Which guard?' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        interactionType: 'choice',
        correctResponsesPattern: ['b'],
        choices: [{ id: 'a', description: { 'en-US': 'None' } }, { id: 'b' }],
      },
    },
    result: { score: { raw: 7, min: 0, max: 10, scaled: 0.7 }, success: true, response: 'b', duration: 'PT12.5S', extensions: { 'http://example.com/ext/attempt': [1, { a: null }] } },
    context: {
      registration: '9c1f0b7e-6b1a-4c55-8f3e-2a1d9e7b6c5d',
      instructor: agent(9),
      team: { objectType: 'Group', mbox: 'mailto:crew@example.com' },
      contextActivities: { parent: activity('safety'), grouping: [activity('g1'), activity('g2')], category: [{ id: 'http://example.com/profile' }] },
      revision: 'r2',
      platform: 'LMS',
      language: 'en-US',
      statement: { objectType: 'StatementRef', id: '9c1f0b7e-6b1a-4c55-8f3e-2a1d9e7b6c5e' },
      extensions: { 'http://example.com/ext/10': 1, 'http://example.com/ext/2': { '10': 'a', '9': 'b' } },
    },
    timestamp: '2026-11-30T08:15:30.250+01:00',
    stored: '2026-11-30T08:00:00Z',
    authority: { objectType: 'Group', member: [agent(1), agent(2)] },
    version: '1.0.3',
  },
  {
    actor: { mbox_sha1sum: 'a'.repeat(40) },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
    object: { objectType: 'SubStatement', actor: agent(7), verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: agent(8), context: { contextActivities: { other: [activity('shift')] } }, timestamp: '2026-11-30T07:00:00Z' },
  },
  {
    id: '6F1C2B9E-3D4A-4B5C-9D8E-7F6A5B4C3D2F',
    actor: { openid: 'http://openid.example.com/u1' },
    verb: { id: 'http://id.tincanapi.com/verb/mentored' },
    object: { objectType: 'Group', member: [agent(3)] },
    attachments: [{ usageType: 'http://example.com/cert', display: { 'en-US': 'Certificate' }, contentType: 'application/pdf', length: 48_213, sha2: 'b'.repeat(64), fileUrl: 'http://files.example.com/c.pdf' }],
  },
  { actor: agent(1), verb: { id: VOIDED_VERB, display: { 'en-US': 'voided' } }, object: { objectType: 'StatementRef', id: '6f1c2b9e-3d4a-4b5c-9d8e-7f6a5b4c3d2e' } },
];

/** What a broken client might put anywhere: right and wrong types, near-miss formats, text that cannot be stored. */
const replacement = fc.constantFrom<unknown>(
  'http://example.com/x', 'not an iri', '', 'en-US', 'en_US', 'x-', 'mailto:a@example.com', 'mailto:nobody',
  '6f1c2b9e-3d4a-4b5c-9d8e-7f6a5b4c3d2e', '6f1c2b9e-3d4a-0b5c-9d8e-7f6a5b4c3d2e', '2026-11-30T08:15:30Z', '2026-11-30T08:15:30-00:00', '2026-11-30',
  'PT1M', 'P1W2D', 'Agent', 'Group', 'Activity', 'SubStatement', 'StatementRef', 'choice', 'likert', 'a\u0000', '\ud800', 'ok \ud83d\ude00',
  0, -1, 1.5, 2, 10, 48_213, true, false, null, {}, [], [{}], { id: 'http://example.com/y' }, [{ id: 'http://example.com/y' }],
  agent(5), { objectType: 'Group' }, { 'en-US': 'x' }, { 'not a tag!': 'x' }, { account: { homePage: 'http://hr.example.com', name: '' } },
);

type Json = Record<string, unknown> | unknown[];

/** Every place in a value that holds an object or array, as paths. */
function containers(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return out;
  out.push(path);
  for (const [k, e] of Object.entries(v)) containers(e, [...path, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

const at = (root: unknown, path: (string | number)[]) => path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], root) as Json;

/** A valid statement with 0-3 edits: a member replaced, deleted or added (an unknown key), an array element replaced or dropped. */
const statement = fc
  .tuple(fc.nat(valid.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('set', 'delete', 'add'), replacement), { maxLength: 3 }))
  .map(([base, edits]) => {
    const s = structuredClone(valid[base]);
    for (const [where, which, how, shared] of edits) {
      const value = structuredClone(shared);
      const places = containers(s);
      const target = at(s, places[where % places.length]);
      if (Array.isArray(target)) {
        if (target.length === 0 || how === 'add') target.push(value);
        else if (how === 'delete') target.splice(which % target.length, 1);
        else target[which % target.length] = value;
        continue;
      }
      const keys = Object.keys(target);
      if (keys.length === 0 || how === 'add') target[['extra', 'objectType', 'id', 'member', 'definition', 'extensions'][which % 6]] = value;
      else if (how === 'delete') delete target[keys[which % keys.length]];
      else target[keys[which % keys.length]] = value;
    }
    return s;
  });

describe('the compiled statement schema', () => {
  it('accepts every base statement as the schema does', () => {
    for (const s of valid) expect(statementSchema.safeParse(s).success).toBe(true);
  });

  it('gives what statementSchema gives for statements valid and broken at random places', () => {
    let refused = 0;
    fc.assert(
      fc.property(statement, (s) => {
        const runtime = statementSchema.safeParse(s);
        const compiled = compiledStatementSchema().safeParse(s);
        expect(compiled.success).toBe(runtime.success);
        if (runtime.success) {
          expect(JSON.stringify(compiled.data)).toBe(JSON.stringify(runtime.data));
        } else {
          refused++;
          expect(compiled.error?.issues).toEqual(runtime.error.issues);
        }
      }),
      { numRuns: 3000 },
    );
    // both kinds were drawn often enough to mean something
    expect(refused).toBeGreaterThan(500);
    expect(refused).toBeLessThan(2500);
  }, 120_000);
});
