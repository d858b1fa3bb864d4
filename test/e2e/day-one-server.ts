import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { openDb, type Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';
import { compiledCli } from './compiled-cli';

/**
 * The central server as site IT runs it, for the day-one story: one database of its own (a fresh
 * schema on the PostgreSQL of DATABASE_URL, or an embedded PGlite data dir), the real admin CLI
 * against that database, and the server app on 127.0.0.1 at a port fixed up front, so a restart
 * comes back where the terminal's config points.
 */

const repoRoot = path.resolve(__dirname, '../..');

export interface CentralDatabase {
  /** The variables the admin CLI and `npm run server` read to find this database. */
  env: Record<string, string>;
  open(): Promise<Db>;
  /** Drops the schema (PostgreSQL) or removes the data dir (PGlite). */
  dispose(): Promise<void>;
}

export function centralDatabase(): CentralDatabase {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (databaseUrl) {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    return {
      env: { DATABASE_URL: databaseUrl, SHIFTLEARN_DB_SCHEMA: schema },
      open: () => openDb({ databaseUrl, schema, poolSize: 4 }),
      async dispose() {
        const db = await openDb({ databaseUrl, schema, poolSize: 1 });
        try {
          await db.query(`DROP SCHEMA ${schema} CASCADE`);
        } finally {
          await db.close();
        }
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-central-'));
  return {
    env: { SHIFTLEARN_DATA_DIR: dataDir },
    open: () => openDb({ dataDir }),
    dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** Runs `npm run server -- <args>` (the compiled CLI directly, as npm would) against the database; stdin, if given, is piped in. */
export function serverCli(db: CentralDatabase, args: string[], stdin?: string): Promise<string> {
  return runCli('server', args, db.env, stdin);
}

/** Runs `npm run content -- <args>` with the given environment (SHIFTLEARN_ADMIN_TOKEN and the like). */
export function contentCli(args: string[], env: Record<string, string>): Promise<string> {
  return runCli('content', args, env);
}

function runCli(script: 'server' | 'content', args: string[], env: Record<string, string>, stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiledCli(script), ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} ${args.join(' ')} exited with ${code}:\n${out}`))));
    child.stdin.end(stdin ?? '');
  });
}

/** A port free now, to give the server for its whole life (the terminal's config names it). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface CentralServer {
  url: string;
  running(): boolean;
  /** Opens the database and listens on the fixed port; like starting the server process. */
  start(): Promise<void>;
  /** Closes the app and the database; like stopping the server process. */
  stop(): Promise<void>;
  /** The open database, while running: for checks a test makes beside the API. */
  db(): Db;
}

export function centralServer(database: CentralDatabase, port: number): CentralServer {
  const url = `http://127.0.0.1:${port}`;
  let current: { app: FastifyInstance; db: Db } | null = null;
  return {
    url,
    running: () => current !== null,
    async start() {
      if (current) return;
      const db = await database.open();
      try {
        await migrate(db);
        // A fixed credential key, as SHIFTLEARN_CREDENTIAL_KEY would be: the server signs certificates across restarts.
        const app = await buildApp({ db, serverUrl: url, credentialKey: Buffer.alloc(32, 9) });
        await app.listen({ host: '127.0.0.1', port });
        current = { app, db };
      } catch (err) {
        await db.close();
        throw new Error(`the server could not start again on port ${port} (${(err as Error).message})`, { cause: err });
      }
    },
    async stop() {
      const was = current;
      current = null;
      if (!was) return;
      await was.app.close();
      await was.db.close();
    },
    db() {
      if (!current) throw new Error('the server is stopped');
      return current.db;
    },
  };
}
