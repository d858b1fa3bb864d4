/**
 * Company-scale dashboard benchmark (issue 17): 20 sites x 10 stations x 500 workers (10,000
 * workers), 200 lessons, requirements per role and station, on PostgreSQL. Per size, in a schema of
 * its own: the company is provisioned through the server's admin API, the completion statements are
 * written with COPY, the dashboard summaries are built by the server's rebuild (`summaries
 * rebuild`); then the compiled server runs in its own process on that schema, so its memory is
 * measured alone, and every dashboard endpoint is timed over HTTP per scope (a supervisor of one
 * site; an admin of all sites). `--help` lists the options (USAGE below).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { createAdminToken } from '../../server/admin';
import { buildApp } from '../../server/app';
import { createUser } from '../../server/dashboard/users';
import { openDb, type Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';
import { rebuildSummaries } from '../../server/summaries/summaries';
import { benchArgs } from './bench-args';
import { copyField, copyRows } from './pg-copy';
import { prng } from './prng';
import { startCompiledServer, type ServerProcess } from './server-process';

const SERVER_URL = 'http://learn.bench';
const SITES = 20;
const STATIONS = 10;
const WORKERS_PER_SITE = 500;
const LESSONS = 200;
const ROLES = ['operator', 'handler', 'maintenance', 'assembler', 'lead'];
const DAY = 86_400_000;
const REQUESTS = 20;
const PASSWORD = 'bench password, long enough';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const siteId = (s: number) => `site-${pad(s)}`;
const stationId = (st: number) => `st-${pad(st)}`;
const lessonId = (l: number) => `lesson-${pad(l, 3)}`;
const employeeId = (s: number, w: number) => `E${pad(s)}${pad(w, 3)}`;

/** Lessons a role requires (6 each) and a station requires (4 each); every other lesson is optional. */
const roleLessons = (r: number) => Array.from({ length: 6 }, (_, i) => lessonId(r * 6 + i));
const stationLessons = (st: number) => Array.from({ length: 4 }, (_, i) => lessonId(30 + st * 4 + i));

async function provision(admin: (method: 'POST' | 'PUT', url: string, body: unknown) => Promise<void>): Promise<void> {
  for (let s = 0; s < SITES; s++) {
    await admin('POST', '/api/v1/admin/sites', { id: siteId(s), name: `Plant ${s}` });
    for (let st = 0; st < STATIONS; st++) await admin('POST', '/api/v1/admin/stations', { siteId: siteId(s), id: stationId(st), name: `Station ${st}` });
  }
  const lessons = Array.from({ length: LESSONS }, (_, l) => ({
    siteId: null,
    lesson: {
      id: lessonId(l),
      version: 1,
      language: 'en',
      title: `Lesson ${l}`,
      durationMinutes: 3,
      recertifyAfterDays: l % 2 === 0 ? 365 : null,
      cards: [{ kind: 'text', id: 'c1', markdown: `About lesson ${l}.` }],
    },
  }));
  await admin('PUT', '/api/v1/admin/lessons', { lessons });
  const workers = [];
  for (let s = 0; s < SITES; s++) {
    for (let w = 0; w < WORKERS_PER_SITE; w++) {
      workers.push({ employeeId: employeeId(s, w), displayName: `Worker ${s}-${w}`, language: 'en', siteId: siteId(s), roles: [ROLES[w % ROLES.length]], stations: [stationId(w % STATIONS)] });
    }
  }
  // A site's roster at a time, as an HR import per plant would send it.
  for (let i = 0; i < workers.length; i += WORKERS_PER_SITE) await admin('PUT', '/api/v1/admin/workers', { workers: workers.slice(i, i + WORKERS_PER_SITE) });
  await admin('PUT', '/api/v1/admin/requirements', {
    roles: ROLES.map((role, r) => ({ role, lessons: roleLessons(r) })),
    stations: Array.from({ length: SITES * STATIONS }, (_, i) => ({ siteId: siteId(Math.floor(i / STATIONS)), stationId: stationId(i % STATIONS), lessons: stationLessons(i % STATIONS) })),
  });
}

/** Completion statements as the server stores them, one COPY line each; 85% passed, over the last year. */
function* statementLines(total: number, now: number, terminals: string[]): Generator<string> {
  const rand = prng(total);
  const verbs = { passed: 'http://adlnet.gov/expapi/verbs/passed', failed: 'http://adlnet.gov/expapi/verbs/failed' };
  const stored = new Date(now).toISOString();
  for (let i = 0; i < total; i++) {
    const s = Math.floor(rand() * SITES);
    const w = Math.floor(rand() * WORKERS_PER_SITE);
    // Mostly what the worker is required to do, sometimes anything.
    const required = [...roleLessons(w % ROLES.length), ...stationLessons(w % STATIONS)];
    const lesson = rand() < 0.8 ? required[Math.floor(rand() * required.length)] : lessonId(Math.floor(rand() * LESSONS));
    const passed = rand() < 0.85;
    const id = randomUUID();
    const statement = buildCompletionStatement(
      { id, employeeId: employeeId(s, w), workerName: `Worker ${s}-${w}`, lessonId: lesson, lessonVersion: 1, lessonTitle: lesson, language: 'en', score: passed ? 0.9 : 0.3, passed, durationMs: 120_000, completedAt: new Date(now - Math.floor(rand() * 365 * DAY)).toISOString() },
      { serverUrl: SERVER_URL, siteId: siteId(s), stationId: stationId(w % STATIONS), terminalId: terminals[s] },
    );
    const full = { ...statement, stored, version: '1.0.3', authority: { objectType: 'Agent', account: { homePage: SERVER_URL, name: `terminal:${terminals[s]}` } } };
    const actorKey = `account|${SERVER_URL}|${employeeId(s, w)}`;
    yield [id, copyField(JSON.stringify(full)), 'bench', stored, terminals[s], siteId(s), copyField(actorKey), passed ? verbs.passed : verbs.failed, copyField(`${SERVER_URL}/xapi/activities/lesson/${lesson}`), employeeId(s, w)].join('\t') + '\n';
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtBytes = (b: number) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);

/** A size's data: kept (--keep) under a fixed name and reused while complete; else a throwaway schema. */
const keptSchema = (total: number) => `bench_scale_${total}`;
const COMPLETE = 'bench:scale provisioned';
/** Fixed, so a kept schema's issuer key (made on the server's first start) opens on the next run. */
const CREDENTIAL_KEY = createHash('sha256').update('shiftlearn bench:scale').digest('base64');

/** Whether the schema holds a complete provisioning; a half-made one (an interrupted run) is dropped. */
async function reusable(databaseUrl: string, schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ comment: string | null }>('SELECT obj_description(oid, $2) AS comment FROM pg_namespace WHERE nspname = $1', [schema, 'pg_namespace']);
    if (r.rows.length === 0) return false;
    if (r.rows[0].comment?.startsWith(COMPLETE)) return true;
    await client.query(`DROP SCHEMA "${schema}" CASCADE`);
    return false;
  } finally {
    await client.end();
  }
}

/** The company and its statements, through the server's own code (admin API in process, rebuild), the statements by COPY. */
async function generate(databaseUrl: string, db: Db, schema: string, total: number): Promise<void> {
  const now = new Date();
  await migrate(db);
  const app = await buildApp({ db, serverUrl: SERVER_URL });
  try {
    const { token } = await createAdminToken(db, 'bench');
    const admin = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
      const res = await app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    };
    let t = Date.now();
    await provision(admin);
    const terminals = Array.from({ length: SITES }, () => randomUUID());
    console.log(`provisioned 20 sites, 200 stations, 10,000 workers, 200 lessons in ${fmtMs(Date.now() - t)}`);

    t = Date.now();
    await copyRows(databaseUrl, schema, 'statements', ['id', 'statement', 'content_hash', 'stored', 'terminal_id', 'site_id', 'actor_key', 'verb_id', 'activity_id', 'employee_id'], statementLines(total, now.getTime(), terminals));
    await db.query('ANALYZE statements');
    const copySeconds = (Date.now() - t) / 1000;
    console.log(`COPY of ${total.toLocaleString('en')} statements: ${copySeconds.toFixed(1)} s (${Math.round(total / copySeconds).toLocaleString('en')}/s)`);

    t = Date.now();
    const rebuilt = await rebuildSummaries(db, now);
    // What autovacuum would have done long before a real database reached this size: without it,
    // the insert-triggered vacuum of the fresh rows runs during the measurements. This schema's
    // tables only (a bare VACUUM would take every schema of the database).
    const tables = await db.query<{ name: string }>('SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = $1', [schema]);
    await db.query(`VACUUM ANALYZE ${tables.rows.map((t) => t.name).join(', ')}`);
    console.log(`summaries rebuild: ${rebuilt.statements.toLocaleString('en')} completions, ${rebuilt.sites} sites in ${fmtMs(Date.now() - t)}`);

    await createUser(db, { email: 'admin@bench.test', name: 'Admin', role: 'admin', password: PASSWORD });
    await createUser(db, { email: 'sup@bench.test', name: 'Supervisor', role: 'supervisor', sites: [siteId(0)], password: PASSWORD });
  } finally {
    await app.close();
  }
}

const load = () => `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/** Every endpoint, REQUESTS times per scope, against the compiled server in its own process. */
async function measure(server: ServerProcess): Promise<void> {
  const login = async (email: string) => {
    const res = await fetch(`${server.base}/api/v1/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'shiftlearn' }, body: JSON.stringify({ email, password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };
  const scopes = { supervisor: await login('sup@bench.test'), admin: await login('admin@bench.test') };
  const endpoints = ['overview', 'overdue', 'recert-calendar?days=60', 'skill-matrix', 'completions-per-week?weeks=12', 'overdue?format=csv', 'recert-calendar?days=60&format=csv'];
  // p95 of 20 is the slowest request; `first` shows whether that was the first one to the endpoint.
  console.log(`${'endpoint'.padEnd(36)} ${'scope'.padEnd(11)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'first'.padStart(8)} ${'size'.padStart(10)}`);
  for (const endpoint of endpoints) {
    for (const [scope, cookie] of Object.entries(scopes)) {
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const started = process.hrtime.bigint();
        const res = await fetch(`${server.base}/api/v1/dashboard/${endpoint}`, { headers: { cookie } });
        const body = await res.arrayBuffer();
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (res.status !== 200) throw new Error(`${endpoint} as ${scope}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
        size = body.byteLength;
      }
      const first = times[0];
      times.sort((a, b) => a - b);
      console.log(`${endpoint.padEnd(36)} ${scope.padEnd(11)} ${fmtMs(percentile(times, 50)).padStart(8)} ${fmtMs(percentile(times, 95)).padStart(8)} ${fmtMs(first).padStart(8)} ${fmtBytes(size).padStart(10)}`);
    }
  }
}

async function runSize(databaseUrl: string, total: number, keep: boolean): Promise<void> {
  const schema = keep ? keptSchema(total) : `bench_scale_${randomBytes(4).toString('hex')}`;
  const reuse = keep && (await reusable(databaseUrl, schema));
  console.log(`\n== ${total.toLocaleString('en')} statements (schema ${schema}${reuse ? ', kept from an earlier --keep run' : ''}; ${load()})`);
  const db = await openDb({ databaseUrl, schema, poolSize: 4 });
  let server: ServerProcess | null = null;
  try {
    if (!reuse) {
      await generate(databaseUrl, db, schema, total);
      if (keep) await db.query(`COMMENT ON SCHEMA "${schema}" IS '${COMPLETE} ${total} statements ${new Date().toISOString()}'`);
    }
    server = await startCompiledServer({
      ...process.env,
      DATABASE_URL: databaseUrl,
      SHIFTLEARN_DB_SCHEMA: schema,
      SHIFTLEARN_PUBLIC_URL: SERVER_URL,
      SHIFTLEARN_CREDENTIAL_KEY: CREDENTIAL_KEY,
      LOG_LEVEL: 'info',
    });
    const started = server.memory();
    await measure(server);
    const after = server.memory();
    console.log(
      after && started
        ? `server RSS (pid ${server.pid}, its own process): ${fmtBytes(started.rss)} when ready, peak ${fmtBytes(after.peakRss)} (VmHWM), ${fmtBytes(after.rss)} after the run`
        : 'server RSS: not available (no /proc on this system)',
    );
    const sizes = await db.query<{ relname: string; bytes: string; rows: string }>(
      `SELECT c.relname, pg_total_relation_size(c.oid) AS bytes, c.reltuples::bigint AS rows FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 7`,
      [schema],
    );
    console.log('table sizes (with indexes):');
    for (const r of sizes.rows) console.log(`  ${r.relname.padEnd(22)} ${fmtBytes(Number(r.bytes)).padStart(10)}  ~${Number(r.rows).toLocaleString('en')} rows`);
    console.log(`(${load()})`);
  } finally {
    await server?.stop();
    if (!keep) await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  }
}

/** Drops the schemas --keep left. */
async function clean(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname ~ '^bench_scale_[0-9]+$'");
    for (const { nspname } of r.rows) {
      await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
      console.log(`dropped ${nspname}`);
    }
    if (r.rows.length === 0) console.log('no kept bench:scale data');
  } finally {
    await client.end();
  }
}

const USAGE = `Usage: npm run bench:scale [-- options]

Provisions a company of 20 sites x 10 stations x 500 workers, 200 lessons, on PostgreSQL, per size
of history, and times every dashboard endpoint (${REQUESTS} requests per endpoint and scope) against the
compiled server (dist-node/server.js, rebuilt when stale) running in a process of its own.

  --sizes N,N,...   statement counts (default 100000,1000000)
  --5m              also 5,000,000 (generation takes about 15 minutes)
  --keep            keep each size's data in schema bench_scale_<N> and reuse it on the next --keep
                    run (skips generation: about 3 minutes at 1M); without it, every run generates
                    into a schema of its own and drops it at the end
  --clean           drop the schemas --keep left, then exit

PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).`;

const { values } = benchArgs(USAGE, {
  sizes: { type: 'string' },
  '5m': { type: 'boolean' },
  keep: { type: 'boolean' },
  clean: { type: 'boolean' },
});

async function main() {
  const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  if (values.clean) return clean(databaseUrl);
  const sizes = (values.sizes ?? '100000,1000000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`--sizes takes whole numbers of statements separated by commas, such as 100000,1000000; got ${values.sizes}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values['5m']) sizes.push(5_000_000);
  for (const size of sizes) await runSize(databaseUrl, size, values.keep ?? false);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
