import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCompletionStatement, type KioskCompletion } from '../../common/xapi/completion';
import { VOIDED_VERB } from '../../common/xapi/statement';
import { chunkable, INGEST_CHUNK, ingestInChunks } from '../../server/statements/ingest';
import { applySpeakers } from '../../server/statements/speakers';
import { claimsOf, prepareStatement } from '../../server/statements/store';
import type { Db } from '../../server/db/db';
import type { Principal } from '../../server/plugins/auth';
import { enroll, seedLessons, seedSite, seedWorkers, SERVER_URL, startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

/**
 * A plain batch is stored chunk by chunk in its one transaction (statements/ingest.ts): the outcome
 * must be the whole-batch one, all or nothing, with the same refusal whichever chunk holds the fault.
 */

let s: TestServer;
let t: EnrolledTerminal;
let next = 1;

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function statement(over: Partial<KioskCompletion> = {}) {
  const n = next++;
  return buildCompletionStatement(
    {
      id: uuid(n),
      employeeId: `E${n % 3}`,
      workerName: 'Ana Noor',
      lessonId: 'lockout-tagout',
      lessonVersion: 1,
      lessonTitle: 'Lockout',
      language: 'en',
      score: 0.75,
      passed: true,
      durationMs: 90_500,
      completedAt: new Date(Date.parse('2026-11-20T07:00:00.000Z') + n * 1000).toISOString(),
      ...over,
    },
    { serverUrl: SERVER_URL, siteId: 'plant-2', stationId: 'press-line-4', terminalId: t.terminalId },
  );
}

/** A batch spanning three chunks of the server's own size. */
const batch = () => Array.from({ length: INGEST_CHUNK * 2 + 50 }, () => statement());

const post = (payload: unknown) => s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI }, payload: payload as object });

const countStored = async () => (await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM statements')).rows[0].n;
const countRecords = async () => (await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lesson_records')).rows[0].n;

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant-2', ['press-line-4']);
  await seedWorkers(s, 'plant-2', ['E0', 'E1', 'E2']);
  await seedLessons(s, ['lockout-tagout']);
  t = await enroll(s, 'plant-2', 'press-line-4');
});
afterAll(() => s.close());

describe('a batch of several chunks', () => {
  it('is stored whole, ids answered in order, and counted in the summaries', async () => {
    const b = batch();
    const before = await countStored();
    const res = await post(b);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(b.map((x) => x.id));
    expect(await countStored()).toBe(before + b.length);
    expect(await countRecords()).toBe(3);
  });

  it('stores nothing when a statement of the last chunk is invalid (400 naming its index)', async () => {
    const b = batch() as any[];
    b[INGEST_CHUNK * 2 + 10].result.score.scaled = 1.5;
    const before = await countStored();
    const res = await post(b);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(`[${INGEST_CHUNK * 2 + 10}].result.score.scaled`);
    expect(await countStored()).toBe(before);
  });

  it('answers 400 for an invalid statement in a later chunk even when an earlier chunk holds a refused one, as the whole batch would', async () => {
    const b = batch() as any[];
    b[5] = statement({ employeeId: 'E-not-on-roster' });
    b[INGEST_CHUNK + 5].verb.id = 'not an iri';
    const before = await countStored();
    const res = await post(b);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(`[${INGEST_CHUNK + 5}].verb.id`);
    expect(await countStored()).toBe(before);
  });

  it('refuses the whole batch (403 naming the first refused statement) when a later chunk writes for a worker of no roster', async () => {
    const b = batch();
    b[INGEST_CHUNK + 7] = statement({ employeeId: 'E-not-on-roster' });
    b[INGEST_CHUNK * 2 + 7] = statement({ lessonId: 'not-published' });
    const before = await countStored();
    const res = await post(b);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'wrong-site', rule: 'actor-on-site-roster', statementIds: [b[INGEST_CHUNK + 7].id] });
    expect(await countStored()).toBe(before);
  });

  it('refuses the whole batch with 409 when the last chunk repeats a stored id with other content, and accepts a retry of the stored batch', async () => {
    const stored = batch();
    expect((await post(stored)).statusCode).toBe(200);
    const before = await countStored();
    const b = batch();
    b[INGEST_CHUNK * 2 + 1] = { ...stored[3], result: { ...stored[3].result, score: { scaled: 0.1 } } };
    const res = await post(b);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'statement-conflict', statementIds: [stored[3].id] });
    expect(await countStored()).toBe(before);
    const retried = await post(stored);
    expect(retried.statusCode).toBe(200);
    expect(await countStored()).toBe(before);
  });
});

describe('one id twice across chunk boundaries', () => {
  it('stores an equal copy once, the later copy as sent (timestamps compared as instants)', async () => {
    const b = batch();
    const first = b[2];
    // the same statement, its timestamp written without milliseconds: equal content, other text
    const later = { ...first, timestamp: first.timestamp!.replace('.000Z', 'Z') };
    b[INGEST_CHUNK + 2] = later;
    const before = await countStored();
    const res = await post(b);
    expect(res.statusCode).toBe(200);
    expect(res.json()[INGEST_CHUNK + 2]).toBe(first.id);
    expect(await countStored()).toBe(before + b.length - 1);
    const row = await s.db.query<{ ts: string }>(`SELECT statement->>'timestamp' AS ts FROM statements WHERE id = $1`, [first.id]);
    expect(row.rows[0].ts).toBe(later.timestamp);
  });

  it('refuses different content under one id with 400, storing nothing', async () => {
    const b = batch();
    b[INGEST_CHUNK * 2 + 3] = { ...b[4], result: { ...b[4].result, score: { scaled: 0.2 } } };
    const before = await countStored();
    const res = await post(b);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'duplicate-statement-id', message: expect.stringContaining(b[4].id!) });
    expect(await countStored()).toBe(before);
  });
});

describe('ingestInChunks with chunks of two', () => {
  const principal = (): Principal => ({ kind: 'terminal', terminalId: t.terminalId, siteId: 'plant-2', stationId: 'press-line-4' });
  const ctx = () => ({ publicUrl: SERVER_URL, stored: new Date().toISOString(), now: s.clock.now, maxClockSkewMs: 300_000 });
  const paths = (n: number) => Array.from({ length: n }, (_, i) => `[${i}]`);

  it('stores every chunk in one transaction: an invalid statement in the second chunk leaves nothing of the first', async () => {
    const b = [statement(), statement(), statement(), { ...statement(), verb: { id: 'not an iri' } }];
    const before = await countStored();
    await expect(ingestInChunks(s.db, b, paths(4), principal(), ctx(), 2)).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('[3].verb.id') });
    expect(await countStored()).toBe(before);
    const ok = await ingestInChunks(s.db, b.slice(0, 3), paths(3), principal(), ctx(), 2);
    expect(ok.inserted).toBe(3);
    expect(ok.prepared.map((p) => [p.id, p.employeeId])).toEqual(b.slice(0, 3).map((x) => [x.id, x.actor.account!.name]));
    expect(await countStored()).toBe(before + 3);
  });
});

describe('a query failing while the next chunk is validated', () => {
  it('fails the batch (nothing stored), not the process', async () => {
    // The INSERT of the first chunk fails at once; the second chunk, longer than one slice, is validated across turns of the event loop meanwhile.
    const failing: Db = {
      ...s.db,
      transaction: (fn) =>
        s.db.transaction((tx) => fn({ query: (sql, params) => (sql.includes('INSERT INTO statements') ? Promise.reject(new Error('disk full')) : tx.query(sql, params)), exec: (sql) => tx.exec(sql) })),
    };
    const b = Array.from({ length: 75 }, () => statement());
    const principal: Principal = { kind: 'terminal', terminalId: t.terminalId, siteId: 'plant-2', stationId: 'press-line-4' };
    const before = await countStored();
    await expect(
      ingestInChunks(failing, b, b.map((_s, i) => `[${i}]`), principal, { publicUrl: SERVER_URL, stored: new Date().toISOString(), now: s.clock.now, maxClockSkewMs: 300_000 }, 25),
    ).rejects.toThrow('disk full');
    expect(await countStored()).toBe(before);
  });
});

describe('chunkable', () => {
  const plain = () => [{ id: uuid(900_001), verb: { id: 'http://adlnet.gov/expapi/verbs/passed' } }, { id: uuid(900_002) }, 'not a statement', null];

  it('takes a plain batch, whatever invalid entries it holds', () => {
    expect(chunkable(plain(), 0)).toBe(true);
  });

  it('leaves to the whole-batch path attachments, voiding statements and an id given twice (in any case)', () => {
    expect(chunkable(plain(), 1)).toBe(false);
    expect(chunkable([...plain(), { attachments: [] }], 0)).toBe(false);
    expect(chunkable([...plain(), { verb: { id: VOIDED_VERB } }], 0)).toBe(false);
    expect(chunkable([...plain(), { id: uuid(900_001).toUpperCase() }], 0)).toBe(false);
  });
});

describe('claims read from the raw JSON (looked up while the first chunk is validated)', () => {
  const principal: Principal = { kind: 'admin', tokenId: 'tests' };
  const ctx = { publicUrl: SERVER_URL, stored: '2026-11-25T08:00:00.000Z', now: new Date('2026-11-25T08:00:00.000Z'), maxClockSkewMs: 300_000 };
  const account = (name: string, homePage = SERVER_URL) => ({ objectType: 'Agent', account: { homePage, name } });
  const verb = { id: 'http://adlnet.gov/expapi/verbs/completed' };
  const lesson = `${SERVER_URL}/activities/lesson/lockout%20tagout`;

  it('are what the validated statement claims, for every kind of actor and object', () => {
    const shapes = [
      { actor: account('E1'), verb, object: { id: lesson } },
      { actor: account('E1'), verb, object: { objectType: 'Activity', id: lesson } },
      { actor: account('E1', 'http://elsewhere.example'), verb, object: { id: lesson } },
      { actor: { mbox: 'mailto:a@example.com' }, verb, object: { id: `${SERVER_URL}/activities/lesson/` } },
      { actor: { objectType: 'Group', account: { homePage: SERVER_URL, name: 'crew' } }, verb, object: { id: 'http://example.com/other' } },
      { actor: account('E2'), verb, object: { objectType: 'StatementRef', id: uuid(5) } },
      { actor: account('E2'), verb, object: { objectType: 'Agent', account: { homePage: SERVER_URL, name: 'E3' } } },
      { actor: account('E2'), verb, object: { objectType: 'SubStatement', actor: account('E3'), verb, object: { id: lesson } } },
    ];
    for (const raw of shapes) {
      const { claimedEmployee, claimedLesson } = prepareStatement(raw, '', principal, ctx);
      expect(claimsOf(raw, SERVER_URL)).toEqual({ claimedEmployee, claimedLesson });
    }
    expect(claimsOf(shapes[0], SERVER_URL)).toEqual({ claimedEmployee: 'E1', claimedLesson: 'lockout tagout' });
  });

  it('answer nothing for JSON that is no statement', () => {
    for (const raw of [null, 7, 'x', [], { actor: null, object: 3 }, { actor: { account: 'E1' } }, { actor: { account: { homePage: SERVER_URL, name: 1 } } }]) {
      expect(claimsOf(raw, SERVER_URL)).toEqual({ claimedEmployee: null, claimedLesson: null });
    }
  });

  it('a statement whose claims were not looked up is an error, never a refusal or a pass', () => {
    const p = prepareStatement({ actor: account('E1'), verb, object: { id: lesson } }, '', principal, ctx);
    const none = { asked: { workers: new Set<string>(), lessons: new Set<string>() }, workers: new Set<string>(), lessons: new Set<string>() };
    expect(() => applySpeakers([p], principal, none)).toThrow(/not looked up/);
  });
});
