/**
 * How long the compiled commands take to be useful (issue 14: --help and an admin CLI call < 1.5 s
 * on PostgreSQL, server start to /healthz < 2 s), median of N runs each:
 *   - `server --help` to exit;
 *   - an admin CLI call (`sites`, in-process over the database) on PostgreSQL to exit;
 *   - `serve` to the first 200 from /healthz, on PostgreSQL and on PGlite (an existing, migrated
 *     data dir: the first open of a new one is initdb, a one-off);
 *   - `kiosk:web` to the kiosk page served.
 * For the servers it also prints the CPU time the process used until it answered (from /proc),
 * which a busy machine inflates less than the wall time. Everything runs on a fresh data dir and
 * PostgreSQL schema, removed at the end (also on Ctrl+C). Needs `npm run build:node` (done by the
 * npm script) and PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { benchArgs } from './bench-args';

const USAGE = 'usage: npm run bench:startup [-- --runs N]   (default 5 runs of each; PostgreSQL at DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)';
const { values } = benchArgs(USAGE, { runs: { type: 'string', default: '5' } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error(`--runs must be a whole number from 1 to 50, got ${values.runs}\n\n${USAGE}`);
  process.exit(2);
}

const root = resolve(__dirname, '..', '..');
const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_startup_${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'shiftlearn-bench-startup-'));
const children = new Set<ChildProcess>();

/** The environment without the variables that would point a command elsewhere than this run's own database. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', SHIFTLEARN_DATA_DIR: join(work, 'server-db'), ...extra };
  for (const name of ['SHIFTLEARN_SERVER_URL', 'SHIFTLEARN_PUBLIC_URL', ...(extra.DATABASE_URL ? [] : ['DATABASE_URL', 'SHIFTLEARN_DB_SCHEMA'])]) delete env[name];
  return env;
}
const onPostgres = envWith({ DATABASE_URL: databaseUrl, SHIFTLEARN_DB_SCHEMA: schema });
const onPglite = envWith({});

async function cleanUp(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
process.on('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
    s.on('error', fail);
  });
}

/** Milliseconds of user+system CPU the process has used so far (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Wall time of a command that runs to its end; it must succeed. */
function timeCommand(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Starts a long-running command and times it to the first 200 from `url`; then stops it and waits for it to exit. */
async function timeToAnswer(args: string[], env: NodeJS.ProcessEnv, url: (port: number) => string): Promise<{ ms: number; cpu: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args.map((a) => a.replace('{port}', String(port))), { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`node ${args.join(' ')} exited ${child.exitCode} before answering: ${stderr}`);
      const ok = await fetch(url(port)).then((r) => r.ok, () => false);
      if (ok) return { ms: performance.now() - started, cpu: cpuMs(child.pid!) };
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    children.delete(child);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const server = join('dist-node', 'server.js');
  const kiosk = join('dist-node', 'kiosk-web.js');
  // Not timed: the schema, the PGlite data dir and the kiosk's data dir are made once, as on a running site.
  timeCommand([server, 'migrate'], onPostgres);
  timeCommand([server, 'migrate'], onPglite);
  const kioskArgs = [kiosk, '--port', '{port}', '--data-dir', join(work, 'kiosk')];
  await timeToAnswer(kioskArgs, onPglite, (port) => `http://127.0.0.1:${port}/`);

  const healthz = (port: number) => `http://127.0.0.1:${port}/healthz`;
  const serve = [server, 'serve', '--port', '{port}', '--host', '127.0.0.1'];
  const rows: Array<[string, number[], number[] | null]> = [
    ['server --help', [], null],
    ['admin CLI call (sites) on PostgreSQL', [], null],
    ['serve -> /healthz on PostgreSQL', [], []],
    ['serve -> /healthz on PGlite', [], []],
    ['kiosk:web -> page served', [], []],
  ];
  for (let i = 0; i < runs; i++) {
    rows[0][1].push(timeCommand([server, '--help'], onPostgres));
    rows[1][1].push(timeCommand([server, 'sites'], onPostgres));
    for (const [row, env] of [[rows[2], onPostgres], [rows[3], onPglite]] as const) {
      const r = await timeToAnswer(serve, env, healthz);
      row[1].push(r.ms);
      row[2]!.push(r.cpu);
    }
    const k = await timeToAnswer(kioskArgs, onPglite, (port) => `http://127.0.0.1:${port}/`);
    rows[4][1].push(k.ms);
    rows[4][2]!.push(k.cpu);
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`startup, median of ${runs} runs (load average ${load}, ${process.env.DATABASE_URL ? 'DATABASE_URL' : databaseUrl}):`);
  for (const [name, ms, cpu] of rows) {
    console.log(`  ${name.padEnd(40)} ${fmt(median(ms)).padStart(8)}${cpu ? `   (CPU ${fmt(median(cpu))})` : ''}   [${ms.map((m) => (m / 1000).toFixed(2)).join(' ')}]`);
  }
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
