/**
 * What the dashboard summaries cost the write path (issue 17): storeStatements on the ingest
 * benchmark's shape (batches of 500 completions over 400 workers and 30 lessons, sync-ingest.ts),
 * each query timed by its first words, and the PostgreSQL backend's CPU per statement; then
 * summariseStored alone (no statement INSERT) on the same shape. With --requirements every worker's
 * role requires ten lessons that recertify yearly, so requirement_states holds rows as at a real site.
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx test/bench/summaries-write.ts [--requirements]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createSite, createStation } from '../../server/admin';
import { upsertLessons } from '../../server/content/lesson-store';
import { openDb, type Db, type Queryable, type QueryResult } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';
import type { Principal } from '../../server/plugins/auth';
import { setRequirements } from '../../server/roster/requirements';
import { upsertWorkers } from '../../server/roster/roster-store';
import { authorizeWrites } from '../../server/statements/speakers';
import { prepareStatement, storeStatements, type PreparedStatement } from '../../server/statements/store';
import { summariseStored } from '../../server/summaries/summaries';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { benchArgs } from './bench-args';
import { backendPids, cpuSnapshot, cpuUsedSince } from './cpu-time';

const SERVER_URL = 'http://learn.bench';
const WORKERS = 400;
const LESSONS = 30;

/** Seconds spent per query label (the SQL's first three words). */
function timed(q: Queryable, spent: Map<string, number>): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const start = process.hrtime.bigint();
      try {
        return await q.query<R>(sql, params);
      } finally {
        const label = sql.trim().split(/\s+/).slice(0, 3).join(' ');
        spent.set(label, (spent.get(label) ?? 0) + Number(process.hrtime.bigint() - start) / 1e9);
      }
    },
    exec: (sql) => q.exec(sql),
  };
}

async function seed(db: Db, requirements: boolean): Promise<void> {
  await createSite(db, { id: 'plant-2', name: 'Plant 2' });
  await createStation(db, { siteId: 'plant-2', id: 'press-line-4', name: 'Press line 4' });
  const roles = requirements ? ['operator'] : [];
  await upsertWorkers(db, {
    workers: Array.from({ length: WORKERS }, (_, i) => ({ employeeId: `E${i}`, displayName: `Worker ${i}`, language: 'en', siteId: 'plant-2', roles, stations: [], active: true })),
  } as Parameters<typeof upsertWorkers>[1]);
  const lesson = (id: string) => ({
    id, version: 1, language: 'en', title: id, summary: '', durationMinutes: 3, skills: [], roles: [], stations: [], prerequisites: [],
    recertifyAfterDays: requirements ? 365 : null, tags: [], cards: [{ kind: 'text', id: 'c1', markdown: 'x' }],
  });
  await upsertLessons(db, { lessons: Array.from({ length: LESSONS }, (_, i) => ({ siteId: null, lesson: lesson(`lesson-${i}`) })) } as Parameters<typeof upsertLessons>[1]);
  if (requirements) {
    await setRequirements(db, { roles: [{ role: 'operator', lessons: Array.from({ length: 10 }, (_, i) => `lesson-${i}`), skills: [], recertDays: null, effectiveFrom: null }], stations: [] });
  }
}

/** The ingest benchmark's batches (sync-ingest.ts completionBodies), prepared and authorized as the server would. */
async function batches(db: Db, principal: Principal, batch: number, count: number, stored: string, now: Date): Promise<PreparedStatement[][]> {
  const out: PreparedStatement[][] = [];
  for (let n = 0; n < count; n++) {
    const sent = n * batch;
    const raw = Array.from({ length: batch }, (_, i) =>
      buildCompletionStatement(
        {
          id: randomUUID(), employeeId: `E${(sent + i) % WORKERS}`, workerName: 'Bench Worker', lessonId: `lesson-${i % LESSONS}`, lessonVersion: 1,
          lessonTitle: 'Lesson', language: 'en', score: 0.8, passed: true, durationMs: 95_000, completedAt: new Date(1_795_000_000_000 + sent + i).toISOString(),
        },
        { serverUrl: SERVER_URL, siteId: 'plant-2', stationId: 'press-line-4', terminalId: randomUUID() },
      ),
    );
    const prepared = raw.map((s, i) => prepareStatement(s, `[${i}]`, principal, { publicUrl: SERVER_URL, stored, now, maxClockSkewMs: 300_000 }));
    out.push(await authorizeWrites(db, prepared, principal));
  }
  return out;
}

function print(title: string, statements: number, total: number, spent: Map<string, number>, backendCpu: number): void {
  const us = (s: number) => `${((s / statements) * 1e6).toFixed(1).padStart(7)} us/statement`;
  console.log(`${title}: ${statements} statements`);
  console.log(`  ${'total (wall)'.padEnd(40)} ${us(total)}`);
  for (const [label, s] of [...spent.entries()].sort((a, b) => b[1] - a[1])) console.log(`    ${label.padEnd(38)} ${us(s)}`);
  console.log(`    ${'rest: BEGIN/COMMIT and JavaScript'.padEnd(38)} ${us(total - [...spent.values()].reduce((a, b) => a + b, 0))}`);
  console.log(`  ${'PostgreSQL backend CPU'.padEnd(40)} ${us(backendCpu)}`);
}

/**
 * Row versions the summary tables wrote since the bench's schema was made, and how many updates
 * were HOT (no index entry written): what the indexes and fill factors cost the write path.
 */
async function printRowWrites(db: Db): Promise<void> {
  // The backend's counters reach the statistics views at the end of a transaction, at most once a second unless forced.
  await db.query('SELECT pg_stat_force_next_flush()');
  const r = await db.query<{ relname: string; ins: number; upd: number; hot: number; del: number }>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del FROM pg_stat_user_tables
      WHERE schemaname = current_schema() AND relname IN ('lesson_records', 'completion_weeks', 'completion_site_weeks', 'worker_states', 'requirement_states') ORDER BY relname`,
  );
  for (const t of r.rows) console.log(`    ${t.relname.padEnd(24)} inserted ${t.ins}, updated ${t.upd} (${t.hot} HOT), deleted ${t.del} (since the schema was made)`);
}

async function main(databaseUrl: string, requirements: boolean, count: number, only: string | undefined): Promise<void> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const app = `shiftlearn-summ-${schema}`;
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', app);
  const db = await openDb({ databaseUrl: url.toString(), schema, poolSize: 1 });
  try {
    await migrate(db);
    await seed(db, requirements);
    const principal: Principal = { kind: 'admin', tokenId: 'bench' };
    const now = new Date();
    const stored = now.toISOString();
    // One warm-up batch, untimed, then `count` timed ones; twice over (store, then summaries alone) from empty tables.
    for (const mode of only === 'summaries' ? (['summariseStored alone'] as const) : only === 'store' ? (['storeStatements'] as const) : (['storeStatements', 'summariseStored alone'] as const)) {
      await db.query('TRUNCATE statements, lesson_records, completion_weeks, worker_states, requirement_states');
      const all = await batches(db, principal, 500, count + 1, stored, now);
      const spent = new Map<string, number>();
      // One wrapper for the whole run: the summaries cache site inputs per database object.
      let into = new Map<string, number>();
      const timedDb: Db = { ...timed(db, spent), kind: db.kind, schema: db.schema, close: () => db.close(), transaction: (fn) => db.transaction((tx) => fn(timed(tx, into))) };
      let total = 0;
      let cpu = 0;
      for (const [n, b] of all.entries()) {
        into = n === 0 ? new Map() : spent;
        const before = cpuSnapshot(await backendPids(db, app));
        const start = process.hrtime.bigint();
        if (mode === 'storeStatements') {
          await storeStatements(timedDb, b, stored, null, now);
        } else {
          await timedDb.transaction((tx) => summariseStored(timedDb, tx, b, now));
        }
        if (n === 0) continue;
        total += Number(process.hrtime.bigint() - start) / 1e9;
        cpu += cpuUsedSince(before, cpuSnapshot(await backendPids(db, app)));
      }
      print(`${mode}${requirements ? ', 10 required lessons per worker' : ''}, batches of 500 over ${WORKERS} workers`, count * 500, total, spent, cpu);
      await printRowWrites(db);
    }
  } finally {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}

const { values } = benchArgs('Usage: DATABASE_URL=postgres://... npx tsx test/bench/summaries-write.ts [--requirements] [--batches 40] [--only store|summaries]', {
  requirements: { type: 'boolean' },
  only: { type: 'string' },
  batches: { type: 'string' },
});
if (!process.env.DATABASE_URL) {
  console.error('set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
  process.exit(2);
}
main(process.env.DATABASE_URL, values.requirements ?? false, Number(values.batches ?? 40), values.only).catch((err) => {
  console.error(err);
  process.exit(1);
});
