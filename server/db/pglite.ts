import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Db, Queryable, QueryResult } from './types';
import { quoteSchema } from './schema-name';

/** What the Db below needs of a PGlite, in this thread or in a worker thread. */
interface Backend {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Added to PGlite's default start parameters. shared_buffers is 32 MB instead of PostgreSQL's 128 MB:
 * PGlite zeroes its shared memory inside the WASM heap at every start (about 0.3 s of CPU for 128 MB
 * here), and one site's database is served from the OS file cache behind it anyway.
 */
const EXTRA_START_PARAMS = ['-c', 'shared_buffers=32MB'];

/**
 * V8 runs PGlite's WASM with its baseline compiler first and recompiles the functions that have run
 * for a while with its optimizing one, on background threads. Starting, postgres runs much code once,
 * and with V8's default budget (1.8M) that recompiling cost about 0.4 s of CPU on every start here
 * (issue 14: serve to /healthz went from 2.9 to 2.2 s of CPU at load 8). With 100 times the budget
 * start-up code stays on the baseline code, and code that queries run again and again is still
 * optimized (a 100k-row GROUP BY repeated ran as fast as with the default after its first rounds).
 * V8 flags are per process and read when a module is compiled, so this is set before PGlite starts.
 */
function raiseWasmTieringBudget(): void {
  setFlagsFromString('--wasm-tiering-budget=180000000');
}

async function inThisThread(dataDir: string | undefined): Promise<Backend> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite(dataDir, { startParams: [...PGlite.defaultStartParams, ...EXTRA_START_PARAMS] });
  return {
    query: async (sql, params) => {
      await pglite.waitReady;
      return pglite.query(sql, params);
    },
    exec: async (sql) => {
      await pglite.waitReady;
      await pglite.exec(sql);
    },
    close: () => pglite.close(),
  };
}

/**
 * The worker's whole program: PGlite starts there while the main thread loads and builds the app
 * (its start is synchronous WASM work, a second or more), then answers one message at a time.
 * A PostgreSQL error crosses as its own fields (code, detail, ...), rebuilt as an Error here.
 * Only the worker loads PGlite's module (half a megabyte of JavaScript): the main thread has the app to load.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const pglite = new PGlite(workerData.dataDir, { startParams: [...PGlite.defaultStartParams, ...workerData.extraStartParams] });
parentPort.on('message', async ({ id, op, sql, params }) => {
  try {
    await pglite.waitReady;
    let result = null;
    if (op === 'query') {
      const r = await pglite.query(sql, params);
      result = { rows: r.rows, affectedRows: r.affectedRows };
    } else if (op === 'exec') await pglite.exec(sql);
    else if (op === 'close') await pglite.close();
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: { ...err, name: err && err.name, message: String(err && err.message || err) } });
  }
});
`;

function inWorkerThread(dataDir: string | undefined): Backend {
  const worker = new Worker(WORKER, { eval: true, workerData: { pglite: require.resolve('@electric-sql/pglite'), dataDir, extraStartParams: EXTRA_START_PARAMS } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', ({ id, result, error }: { id: number; result: unknown; error?: Record<string, unknown> & { message: string } }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (!p) return;
    if (error) p.reject(Object.assign(new Error(error.message), error));
    else p.resolve(result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the PGlite worker thread stopped (exit code ${code})`)));
  const call = <T>(op: string, sql?: string, params?: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, sql, params });
    });
  return {
    query: (sql, params) => call('query', sql, params),
    exec: (sql) => call('exec', sql),
    close: async () => {
      try {
        await call('close');
      } finally {
        await worker.terminate();
      }
    },
  };
}

export interface PgliteOptions {
  /** Run PGlite in a worker thread (serve: it starts while the app loads); else in this thread (tests, CLI). */
  thread?: boolean;
}

/**
 * PGlite has one connection: a transaction must not interleave with other queries, so every
 * top-level query and transaction runs through one queue.
 */
export async function openPglite(dataDir: string | undefined, schema: string, options: PgliteOptions = {}): Promise<Db> {
  const quoted = quoteSchema(schema);
  const releaseLock = dataDir ? lockDataDir(dataDir) : () => undefined;
  raiseWasmTieringBudget();
  let pglite: Backend;
  try {
    pglite = options.thread ? inWorkerThread(dataDir) : await inThisThread(dataDir);
  } catch (err) {
    releaseLock();
    throw err;
  }
  try {
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${quoted}; SET search_path TO ${quoted};`);
  } catch (err) {
    await pglite.close().catch(() => undefined);
    releaseLock();
    throw err;
  }

  let tail: Promise<unknown> = Promise.resolve();
  const serialise = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const direct: Queryable = {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const r = await pglite.query<R>(sql, params);
      // PGlite reports affectedRows 0 for a SELECT; pg counts the rows it returned.
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
    exec: (sql: string) => pglite.exec(sql),
  };

  return {
    kind: 'pglite',
    schema,
    query: (sql, params) => serialise(() => direct.query(sql, params)),
    exec: (sql) => serialise(() => direct.exec(sql)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      serialise(async () => {
        await pglite.exec('BEGIN');
        try {
          const result = await fn(direct);
          await pglite.exec('COMMIT');
          return result;
        } catch (err) {
          await pglite.exec('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    close: () =>
      serialise(async () => {
        await pglite.close();
        releaseLock();
      }),
  };
}

/**
 * PGlite's files must be opened by one process at a time (two would corrupt them), so a second
 * process, e.g. the CLI while the server runs, is refused with a way out.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'shiftlearn.pid');
  let holder = NaN;
  try {
    holder = Number(readFileSync(lockFile, 'utf8'));
  } catch {
    // no lock file: free
  }
  if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `the embedded database in ${dataDir} is in use by process ${holder} (probably the running server). ` +
        'Stop the server first, use the admin HTTP API while it runs, or run the server on PostgreSQL (DATABASE_URL) so several processes can share it',
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
