/**
 * Company-scale dashboard benchmark (issue 17): 20 sites x 10 stations x 500 workers (10,000
 * workers), 200 lessons, requirements per role and station, on PostgreSQL. Per size, in a schema of
 * its own (dropped afterwards): the company is provisioned through the server's admin API, the
 * completion statements are written with COPY, the dashboard summaries are built by the server's
 * rebuild (`summaries rebuild`), then every dashboard endpoint is timed over HTTP, 20 requests per
 * endpoint and scope (a supervisor of one site; an admin of all sites).
 *
 * Run: npm run bench:scale [-- --sizes 100000,1000000] [-- --5m]
 *      (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
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

async function provision(db: Db, admin: (method: 'POST' | 'PUT', url: string, body: unknown) => Promise<void>): Promise<void> {
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
  void db;
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

async function runSize(databaseUrl: string, total: number): Promise<void> {
  const schema = `bench_scale_${randomBytes(4).toString('hex')}`;
  const db = await openDb({ databaseUrl, schema, poolSize: 8 });
  const now = new Date();
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  try {
    await migrate(db);
    app = await buildApp({ db, serverUrl: SERVER_URL });
    const { token } = await createAdminToken(db, 'bench');
    const server = app;
    const admin = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
      const res = await server.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    };
    let t = Date.now();
    await provision(db, admin);
    const terminals = Array.from({ length: SITES }, () => randomUUID());
    console.log(`\n== ${total.toLocaleString('en')} statements (schema ${schema})\nprovisioned 20 sites, 200 stations, 10,000 workers, 200 lessons in ${fmtMs(Date.now() - t)}`);

    t = Date.now();
    await copyRows(databaseUrl, schema, 'statements', ['id', 'statement', 'content_hash', 'stored', 'terminal_id', 'site_id', 'actor_key', 'verb_id', 'activity_id', 'employee_id'], statementLines(total, now.getTime(), terminals));
    await db.query('ANALYZE statements');
    const copySeconds = (Date.now() - t) / 1000;
    console.log(`COPY of ${total.toLocaleString('en')} statements: ${copySeconds.toFixed(1)} s (${Math.round(total / copySeconds).toLocaleString('en')}/s)`);

    t = Date.now();
    const rebuilt = await rebuildSummaries(db, now);
    await db.query('ANALYZE');
    console.log(`summaries rebuild: ${rebuilt.statements.toLocaleString('en')} completions, ${rebuilt.sites} sites in ${fmtMs(Date.now() - t)}`);

    await createUser(db, { email: 'admin@bench.test', name: 'Admin', role: 'admin', password: PASSWORD });
    await createUser(db, { email: 'sup@bench.test', name: 'Supervisor', role: 'supervisor', sites: [siteId(0)], password: PASSWORD });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = async (email: string) => {
      const res = await fetch(`${base}/api/v1/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'shiftlearn' }, body: JSON.stringify({ email, password: PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
      return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    };
    const scopes = { supervisor: await login('sup@bench.test'), admin: await login('admin@bench.test') };
    const endpoints = ['overview', 'overdue', 'recert-calendar?days=60', 'skill-matrix', 'completions-per-week?weeks=12', 'overdue?format=csv'];

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    console.log(`${'endpoint'.padEnd(30)} ${'scope'.padEnd(11)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'size'.padStart(10)}`);
    for (const endpoint of endpoints) {
      for (const [scope, cookie] of Object.entries(scopes)) {
        const times: number[] = [];
        let size = 0;
        for (let i = 0; i < REQUESTS; i++) {
          const started = process.hrtime.bigint();
          const res = await fetch(`${base}/api/v1/dashboard/${endpoint}`, { headers: { cookie } });
          const body = await res.arrayBuffer();
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (res.status !== 200) throw new Error(`${endpoint} as ${scope}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
          size = body.byteLength;
        }
        times.sort((a, b) => a - b);
        console.log(`${endpoint.padEnd(30)} ${scope.padEnd(11)} ${fmtMs(percentile(times, 50)).padStart(8)} ${fmtMs(percentile(times, 95)).padStart(8)} ${fmtBytes(size).padStart(10)}`);
      }
    }
    clearInterval(sampler);
    console.log(`process RSS peak while serving (server and benchmark in one process): ${fmtBytes(peakRss)}`);
    const sizes = await db.query<{ relname: string; bytes: string; rows: string }>(
      `SELECT c.relname, pg_total_relation_size(c.oid) AS bytes, c.reltuples::bigint AS rows FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 7`,
      [schema],
    );
    console.log('table sizes (with indexes):');
    for (const r of sizes.rows) console.log(`  ${r.relname.padEnd(22)} ${fmtBytes(Number(r.bytes)).padStart(10)}  ~${Number(r.rows).toLocaleString('en')} rows`);
  } finally {
    await app?.close();
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  }
}

const { values } = benchArgs('Usage: npm run bench:scale [-- --sizes 100000,1000000] [-- --5m]   (PostgreSQL: DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)', {
  sizes: { type: 'string' },
  '5m': { type: 'boolean' },
});

async function main() {
  const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const sizes = (values.sizes ?? '100000,1000000').split(',').map(Number);
  if (values['5m']) sizes.push(5_000_000);
  for (const size of sizes) await runSize(databaseUrl, size);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
