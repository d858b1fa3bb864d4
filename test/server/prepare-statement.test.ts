import { describe, expect, it } from 'vitest';
import { statementContentHash } from '../../common/xapi/canonical';
import { VOIDED_VERB } from '../../common/xapi/statement';
import type { Principal } from '../../server/plugins/auth';
import { prepareStatement } from '../../server/statements/store';
import { SERVER_URL } from './helpers';

/**
 * prepareStatement is written for the allocator (issue 17: it runs for every statement stored), so
 * what it hands the INSERT is pinned here for the shapes whose columns take the most work: the
 * related_* lists (first mention first, each once, never what the row's own columns say), a
 * SubStatement's mentions, the voided id, and the stored form of a statement with no id or timestamp.
 */

const lrs: Principal = { kind: 'lrs', key: 'tests', write: true };
const ctx = { publicUrl: SERVER_URL, stored: '2026-11-25T08:00:00.000Z', now: new Date('2026-11-25T08:00:00.000Z'), maxClockSkewMs: 300_000 };
const mbox = (name: string) => ({ mbox: `mailto:${name}@example.com` });
const activity = (path: string) => ({ id: `http://example.com/${path}` });
const verb = { id: 'http://adlnet.gov/expapi/verbs/attended' };

describe('prepareStatement columns', () => {
  it('lists every other agent and activity a statement mentions once, in order of mention, without its own actor, object and activity', () => {
    const p = prepareStatement(
      {
        id: '6F1C2B9E-3D4A-4B5C-9D8E-7F6A5B4C3D2E',
        actor: { objectType: 'Group', ...mbox('crew'), member: [mbox('m1'), mbox('M2'), mbox('m1')] },
        verb,
        object: activity('x'),
        context: {
          registration: '9C1F0B7E-6B1A-4C55-8F3E-2A1D9E7B6C5D',
          instructor: mbox('m2'),
          team: { objectType: 'Group', ...mbox('crew'), member: [mbox('m3')] },
          contextActivities: { parent: [activity('x'), activity('p')], grouping: [activity('g'), activity('p')], category: activity('c') },
        },
      },
      '',
      lrs,
      ctx,
    );
    expect(p).toMatchObject({
      id: '6f1c2b9e-3d4a-4b5c-9d8e-7f6a5b4c3d2e',
      actorKey: 'mbox|mailto:crew@example.com',
      objectAgentKey: null,
      activityId: 'http://example.com/x',
      relatedAgents: ['mbox|mailto:m1@example.com', 'mbox|mailto:m2@example.com', 'mbox|mailto:m3@example.com'],
      relatedActivities: ['http://example.com/p', 'http://example.com/g', 'http://example.com/c'],
      registration: '9c1f0b7e-6b1a-4c55-8f3e-2a1d9e7b6c5d',
      voids: null,
      verbId: verb.id,
      siteId: null,
      terminalId: null,
      claimedEmployee: null,
      claimedLesson: null,
      employeeId: null,
    });
  });

  it("takes a SubStatement's actor, activity and context into the lists, and none when there are none", () => {
    const sub = prepareStatement(
      {
        actor: mbox('a1'),
        verb,
        object: { objectType: 'SubStatement', actor: mbox('a2'), verb, object: activity('s'), context: { instructor: mbox('a1'), contextActivities: { other: [activity('o')] } } },
      },
      '',
      lrs,
      ctx,
    );
    expect(sub).toMatchObject({ actorKey: 'mbox|mailto:a1@example.com', objectAgentKey: null, activityId: null, relatedAgents: ['mbox|mailto:a2@example.com'], relatedActivities: ['http://example.com/s', 'http://example.com/o'] });
    const agent = prepareStatement({ actor: mbox('a1'), verb, object: { objectType: 'Agent', ...mbox('A3') } }, '', lrs, ctx);
    expect(agent).toMatchObject({ objectAgentKey: 'mbox|mailto:a3@example.com', activityId: null, relatedAgents: null, relatedActivities: null });
  });

  it('names the statement a voiding statement voids, in lower case', () => {
    const p = prepareStatement({ actor: mbox('a1'), verb: { id: VOIDED_VERB }, object: { objectType: 'StatementRef', id: '6F1C2B9E-3D4A-4B5C-9D8E-7F6A5B4C3D2E' } }, '', lrs, ctx);
    expect(p.voids).toBe('6f1c2b9e-3d4a-4b5c-9d8e-7f6a5b4c3d2e');
  });

  it('stores the statement with its lower-case id, the stored time as timestamp when it has none, and hashes it with that id', () => {
    const raw = { id: '6F1C2B9E-3D4A-4B5C-9D8E-7F6A5B4C3D2E', actor: mbox('a1'), verb, object: activity('x'), version: '1.0.0' };
    const p = prepareStatement(raw, '', lrs, ctx);
    expect(Object.keys(p.statement)).toEqual(['id', 'actor', 'verb', 'object', 'version', 'timestamp', 'stored', 'authority']);
    expect(p.statement).toEqual({
      ...raw,
      id: '6f1c2b9e-3d4a-4b5c-9d8e-7f6a5b4c3d2e',
      timestamp: ctx.stored,
      stored: ctx.stored,
      authority: { objectType: 'Agent', account: { homePage: SERVER_URL, name: 'lrs:tests' } },
      version: '1.0.3',
    });
    expect(p.hash).toBe(statementContentHash({ ...raw, id: '6f1c2b9e-3d4a-4b5c-9d8e-7f6a5b4c3d2e' }));
    expect(prepareStatement({ ...raw, id: raw.id.toLowerCase() }, '', lrs, ctx).hash).toBe(p.hash);

    const unnamed = prepareStatement({ actor: mbox('a1'), verb, object: activity('x') }, '', lrs, ctx);
    expect(Object.keys(unnamed.statement)).toEqual(['actor', 'verb', 'object', 'id', 'timestamp', 'stored', 'authority', 'version']);
    expect(unnamed.hash).toBe(statementContentHash({ actor: mbox('a1'), verb, object: activity('x'), id: unnamed.id }));
  });
});
