import { statementContentHash } from '../../common/xapi/canonical';
import { statementSchema } from '../../common/xapi/statement';
import type { Db, Queryable, QueryResult } from '../../server/db/db';
import type { Principal } from '../../server/plugins/auth';
import { authorizeWrites } from '../../server/statements/speakers';
import { prepareStatement, storeStatements, type WriteContext } from '../../server/statements/store';

/**
 * Where the server's ingest time goes: the phases of POST /xapi/statements run one after another
 * in process on fresh bodies (no HTTP), each timed on its own. Validation and hashing are timed
 * again standalone although prepareStatement includes them, to show their share of it. Inside
 * storeStatements every query is timed by its first words (the INSERT, and the summaries' queries);
 * what is left of its time is BEGIN/COMMIT and JavaScript (the batch JSON, the summaries' engine).
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

/** The same database with each query timed into the clock under its label. */
function timedDb(db: Db, times: Clock): Db {
  const timed = (q: Queryable): Queryable => ({
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
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
        const start = process.hrtime.bigint();
        try {
          return await q.copyFrom!(table, columns, lines);
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
}

/** Runs the phases over every body and prints seconds and microseconds per statement for each. */
export async function printIngestPhases({ db, principal, publicUrl, issueCredentialsFor, bodies }: PhaseInput): Promise<void> {
  const times = clock();
  const storeDb = timedDb(db, times);
  let statements = 0;
  for (const [n, body] of bodies.entries()) {
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
    const authorized = await authorizeWrites(db, prepared, principal);
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
}
