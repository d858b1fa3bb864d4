import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCompletionStatement } from '../../common/xapi/completion';
import type { Db, Queryable } from '../../server/db/db';
import type { Principal } from '../../server/plugins/auth';
import { copyStatements } from '../../server/statements/copy-statements';
import { INGEST_CHUNK } from '../../server/statements/ingest';
import { insertStatements, prepareStatement, type PreparedStatement } from '../../server/statements/store';
import { enroll, openTestDb, seedLessons, seedSite, seedWorkers, SERVER_URL, startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

/**
 * On PostgreSQL a fresh batch is stored with COPY (statements/copy-statements.ts), a resent one with
 * the INSERT: both must store the very same rows, and a COPY that fails must leave nothing behind.
 */

const onPostgres = Boolean(process.env.DATABASE_URL);
const admin: Principal = { kind: 'admin', tokenId: 'copy-test' };
const stored = '2026-11-20T08:00:00.000Z';
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Text COPY must escape (backslash, tab, line breaks) or that PostgreSQL's array literal must quote. */
const awkward = 'back\\slash\ttab\nnew line\r"quote",comma{brace}} NULL \u2028 ünï 😀';

function statements(): PreparedStatement[] {
  const raw = [
    {
      id: uuid(1),
      actor: { objectType: 'Agent', account: { homePage: 'https://hr.example', name: awkward } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { en: awkward } },
      object: { objectType: 'Activity', id: 'https://example.com/q/1', definition: { name: { en: awkward }, description: { 'en-US': 'C:\\temp\\x' } } },
      result: { response: awkward, extensions: { 'https://example.com/x/path': 'a\\b' } },
      context: {
        registration: 'AAAAAAAA-0000-4000-8000-000000000001',
        instructor: { objectType: 'Agent', account: { homePage: 'https://hr.example', name: `teacher ${awkward}` } },
        contextActivities: { parent: [{ id: 'https://example.com/course?a="1",b={2}' }], grouping: [{ id: 'https://example.com/g\\1' }] },
      },
      timestamp: '2026-11-20T07:00:00Z',
    },
    { id: uuid(2), actor: { mbox: 'mailto:Ana@Example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'https://example.com/a' } },
    {
      id: uuid(3),
      actor: { mbox: 'mailto:ana@example.com' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: uuid(2) },
    },
  ];
  const ctx = { publicUrl: SERVER_URL, stored, now: new Date(stored), maxClockSkewMs: 300_000 };
  return raw.map((s, i) => prepareStatement(s, `[${i}]`, admin, ctx));
}

/** Every column of every row as PostgreSQL's text, in id order (seq left out: it only counts). */
async function rows(db: Queryable): Promise<Record<string, string | null>[]> {
  const r = await db.query<Record<string, string | null>>(`SELECT to_jsonb(s) - 'seq' AS row FROM statements s ORDER BY id`);
  return r.rows.map((x) => x.row as unknown as Record<string, string | null>);
}

describe.skipIf(!onPostgres)('COPY of statements (PostgreSQL)', () => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ db, dispose } = await openTestDb()));
  afterAll(() => dispose());
  beforeEach(() => db.query('TRUNCATE statements'));

  it('stores exactly the rows the INSERT stores, awkward text and lists included', async () => {
    const batch = statements();
    await db.transaction((tx) => insertStatements(tx, batch, stored));
    const inserted = await rows(db);
    await db.query('TRUNCATE statements');
    await db.transaction((tx) => copyStatements(tx.copyFrom!, batch, stored));
    const copied = await rows(db);
    expect(copied).toEqual(inserted);
    expect(copied).toHaveLength(3);
    // And the JSON came through as sent: the awkward text is the statement's, byte for byte.
    const statement = (await db.query<{ s: { actor: { account: { name: string } } } }>(`SELECT statement AS s FROM statements WHERE id = $1`, [uuid(1)])).rows[0].s;
    expect(statement.actor.account.name).toBe(awkward);
  });

  it('fails on an id stored already, leaving the transaction rolled back and the connection usable', async () => {
    const batch = statements();
    await db.transaction((tx) => copyStatements(tx.copyFrom!, batch.slice(0, 1), stored));
    // Fresh rows before the taken one, so the failure comes mid-copy.
    await expect(db.transaction((tx) => copyStatements(tx.copyFrom!, [batch[1], batch[2], batch[0]], stored))).rejects.toMatchObject({ code: '23505', constraint: 'statements_pkey' });
    expect((await rows(db)).map((r) => r.id)).toEqual([uuid(1)]);
    // Every pooled connection still answers (a COPY left waiting would hang the next query on it).
    await Promise.all(Array.from({ length: 4 }, () => db.query('SELECT 1')));
  });
});

describe('a batch resent in part', () => {
  let s: TestServer;
  let t: EnrolledTerminal;
  beforeAll(async () => {
    s = await startTestServer();
    await seedSite(s, 'plant-2', ['press-line-4']);
    await seedWorkers(s, 'plant-2', ['E0', 'E1', 'E2']);
    await seedLessons(s, ['lockout-tagout', 'press-basics']);
    t = await enroll(s, 'plant-2', 'press-line-4');
  });
  afterAll(() => s.close());

  const completion = (n: number, lessonId: string) =>
    buildCompletionStatement(
      {
        id: uuid(1000 + n),
        employeeId: `E${n % 3}`,
        workerName: 'Ana Noor',
        lessonId,
        lessonVersion: 1,
        lessonTitle: lessonId,
        language: 'en',
        score: 0.9,
        passed: true,
        durationMs: 60_000,
        completedAt: new Date(Date.parse('2026-11-20T07:00:00.000Z') + n * 1000).toISOString(),
      },
      { serverUrl: SERVER_URL, siteId: 'plant-2', stationId: 'press-line-4', terminalId: t.terminalId },
    );
  const post = (payload: unknown) => s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI }, payload: payload as object });

  it('stores the new statements once and skips the one stored before, in whichever chunk it is', async () => {
    const first = completion(0, 'lockout-tagout');
    expect((await post([first])).statusCode).toBe(200);
    // A kiosk whose answer was lost sends the statement again, now in the last chunk of a larger batch.
    const batch = [...Array.from({ length: INGEST_CHUNK * 2 + 20 }, (_, i) => completion(i + 1, 'press-basics')), first];
    const res = await post(batch);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(batch.map((x) => x.id));
    const counted = await s.db.query<{ n: number; distinct_ids: number }>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS distinct_ids FROM statements');
    expect(counted.rows[0]).toEqual({ n: batch.length, distinct_ids: batch.length });
    // Both lessons count for E0 in the dashboard summaries, each once.
    const records = await s.db.query<{ lesson_id: string; attempts: number }>(`SELECT lesson_id, attempts FROM lesson_records WHERE employee_id = 'E0' ORDER BY lesson_id`);
    expect(records.rows.map((r) => r.lesson_id)).toEqual(['lockout-tagout', 'press-basics']);
    expect(records.rows[0].attempts).toBe(1);
  });
});
