import { statementContentHash } from '../../common/xapi/canonical';
import { statementSchema } from '../../common/xapi/statement';
import type { Db, Queryable, QueryResult } from '../../server/db/db';
import type { Principal } from '../../server/plugins/auth';
import { authorizeWrites } from '../../server/statements/speakers';
import { prepareStatement, storeStatements, type WriteContext } from '../../server/statements/store';
import { emptyIngestTables } from './raw-ingest';

/**
 * Where the server's ingest time goes: the phases of POST /xapi/statements run one after another
 * in process on fresh bodies (no HTTP), each timed on its own. Validation and hashing are timed
 * again standalone although prepareStatement includes them, to show their share of it. Inside
 * storeStatements every query is timed by its first words (the INSERT, and the summaries' queries);
 * what is left of its time is BEGIN/COMMIT and JavaScript (the batch JSON, the summaries' engine).
 * Then every batch's database calls are sent again, alone: the database's share of the ingest, so
 * the best rate any server code could reach with these writes in the statements' transaction.
 */

type Clock = { add(phase: string, start: bigint): void; reset(): void; spent: Map<string, number> };

function clock(): Clock {
  const spent = new Map<string, number>();
  return {
    add(phase, start) {
      spent.set(phase, (spent.get(phase) ?? 0) + Number(process.hrtime.bigint() - start) / 1e9);
    },
    reset: () => spent.clear(),
    spent,
  };
}

const QUERY = '  query: ';

/** The SQL's first three words, e.g. "INSERT INTO statements": enough to tell the server's queries apart. */
const queryLabel = (sql: string) => `${QUERY}${sql.trim().split(/\s+/).slice(0, 3).join(' ')}`;

/** One database call of the server's, as sent: replayed later without the server (replayQueries). */
type SentQuery = { sql: string; params?: unknown[] } | { table: string; columns: readonly string[]; lines: string[] };

/** The same database with each query timed into the clock under its label and kept, as sent, in the last list of `sent` (the batch's). */
function timedDb(db: Db, times: Clock, sent: SentQuery[][]): Db {
  const timed = (q: Queryable): Queryable => ({
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      sent.at(-1)!.push({ sql, params });
      const start = process.hrtime.bigint();
      try {
        return await q.query<R>(sql, params);
      } finally {
        times.add(queryLabel(sql), start);
      }
    },
    exec: (sql) => q.exec(sql),
    copyFrom:
      q.copyFrom &&
      (async (table, columns, lines) => {
        const all = [...lines];
        sent.at(-1)!.push({ table, columns, lines: all });
        const start = process.hrtime.bigint();
        try {
          return await q.copyFrom!(table, columns, all);
        } finally {
          times.add(`${QUERY}COPY ${table}`, start);
        }
      }),
  });
  return { ...timed(db), kind: db.kind, schema: db.schema, transaction: (fn) => db.transaction((tx) => fn(timed(tx))), close: () => db.close() };
}

export interface PhaseInput {
  db: Db;
  principal: Principal;
  publicUrl: string;
  /** After a completion the server checks for certifications to issue (statements-resource.ts). */
  issueCredentialsFor: (employeeIds: string[]) => Promise<unknown>;
  /** POST bodies; the first is a warm-up and is not timed. */
  bodies: string[];
  /** Seconds of the raw INSERT of as many statements as the timed bodies hold, one connection: the replay's rate is printed as a share of its rate. */
  rawInsertSeconds: number;
}

/** Runs the phases over every body and prints seconds and microseconds per statement for each; returns the replay's rate as a share of the raw INSERT's. */
export async function printIngestPhases({ db, principal, publicUrl, issueCredentialsFor, bodies, rawInsertSeconds }: PhaseInput): Promise<number> {
  const times = clock();
  // Every batch's database calls as sent, the roster and lessons lookup included (the server makes it in the batch's transaction).
  const sent: SentQuery[][] = [];
  // One database object for every batch, as the server has: the summaries cache their inputs per database.
  const storeDb = timedDb(db, times, sent);
  let statements = 0;
  for (const [n, body] of bodies.entries()) {
    const calls: SentQuery[] = [];
    sent.push(calls);
    let start = process.hrtime.bigint();
    const raw = JSON.parse(body) as unknown[];
    times.add('JSON.parse of the body', start);
    start = process.hrtime.bigint();
    const parsed = raw.map((s) => statementSchema.parse(s));
    times.add('validation (zod), standalone', start);
    start = process.hrtime.bigint();
    for (const s of parsed) statementContentHash(s as Record<string, unknown>);
    times.add('canonical hash, standalone', start);
    const stored = new Date().toISOString();
    const ctx: WriteContext = { publicUrl, stored, now: new Date(), maxClockSkewMs: 300_000 };
    start = process.hrtime.bigint();
    const prepared = raw.map((s, i) => prepareStatement(s, `[${i}]`, principal, ctx));
    times.add('prepareStatement (validation, hash, columns)', start);
    start = process.hrtime.bigint();
    const authorized = await authorizeWrites(
      { query: (sql, params) => (calls.push({ sql, params }), db.query(sql, params)), exec: (sql) => db.exec(sql) },
      prepared,
      principal,
    );
    times.add('authorizeWrites (roster, lessons)', start);
    start = process.hrtime.bigint();
    await storeStatements(storeDb, authorized, stored, principal.kind === 'terminal' ? principal.siteId : null, ctx.now);
    times.add('storeStatements (one transaction)', start);
    start = process.hrtime.bigint();
    await issueCredentialsFor([...new Set(authorized.map((p) => p.employeeId!))]);
    times.add('issueCredentialsFor', start);
    // The first batch warms up the code paths and the summaries' cache, untimed.
    if (n === 0) times.reset();
    else statements += raw.length;
  }
  const row = (phase: string, seconds: number) =>
    console.log(`  ${phase.padEnd(48)} ${seconds.toFixed(3).padStart(7)} s  ${((seconds / statements) * 1e6).toFixed(1).padStart(6)} us/statement`);
  console.log(`phases of ingest, in process (no HTTP), one client, ${statements} statements in batches of ${(JSON.parse(bodies[0]) as unknown[]).length}:`);
  const queries = [...times.spent.entries()].filter(([phase]) => phase.startsWith(QUERY));
  for (const [phase, seconds] of times.spent.entries()) {
    if (phase.startsWith(QUERY)) continue;
    row(phase, seconds);
    if (!phase.startsWith('storeStatements')) continue;
    for (const [query, s] of queries) row(query, s);
    row('  rest: BEGIN/COMMIT and JavaScript', seconds - queries.reduce((sum, [, s]) => sum + s, 0));
  }
  const replayed = await replayQueries(db, sent);
  console.log(
    `  the same database calls replayed, one transaction per batch, no server code between them: ${((replayed / statements) * 1e6).toFixed(1)} us/statement, ${Math.round(statements / replayed)} statements/s, ${Math.round((rawInsertSeconds / replayed) * 100)}% of the raw INSERT's rate: what a server storing these summaries with the statements can reach here at best`,
  );
  return rawInsertSeconds / replayed;
}

/**
 * Seconds the database takes for the batches' calls alone, sent again in order from the same empty
 * tables, each batch in one transaction as the server sends them: the ingest rate of a server whose
 * own code took no time, for these writes. The first batch warms up and is not timed, as above.
 */
async function replayQueries(db: Db, batches: readonly SentQuery[][]): Promise<number> {
  await emptyIngestTables(db);
  let seconds = 0;
  for (const [n, calls] of batches.entries()) {
    const start = process.hrtime.bigint();
    await db.transaction(async (tx) => {
      for (const call of calls) {
        if ('sql' in call) await tx.query(call.sql, call.params);
        else await tx.copyFrom!(call.table, call.columns, call.lines);
      }
    });
    if (n > 0) seconds += Number(process.hrtime.bigint() - start) / 1e9;
  }
  return seconds;
}
