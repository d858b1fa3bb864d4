import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openDb } from '../../server/db/db';

export const ROOT = join(__dirname, '../..');
/** The compiled server CLI, as `npm run server` runs it (built by global-setup.ts before the suite). */
export const SERVER_CLI = join(ROOT, 'dist-node', 'server.js');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * The server's admin CLI as site IT runs it, against a database of this test file's own: a temp
 * PGlite dir, or a schema of its own when DATABASE_URL is set. Registers the cleanup (drop the
 * schema, remove the dir) after the file. `dir` is a scratch folder for the test's own files.
 */
export function useServerCli(name: string, extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), `shiftlearn-${name}-`));
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const dbOptions = { databaseUrl: process.env.DATABASE_URL || undefined, dataDir: join(dir, 'db'), schema };
  const env = { ...process.env, SHIFTLEARN_DATA_DIR: dbOptions.dataDir, SHIFTLEARN_DB_SCHEMA: schema, ...extraEnv };

  afterAll(async () => {
    if (process.env.DATABASE_URL) {
      const db = await openDb(dbOptions);
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  function cli(args: string[], stdin = ''): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [SERVER_CLI, ...args], { cwd: ROOT, env });
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => (out += d));
      p.stderr.on('data', (d: Buffer) => (err += d));
      p.on('error', reject);
      p.on('exit', (code) => resolve({ code, out, err }));
      p.stdin.end(stdin);
    });
  }

  return { dir, schema, dbOptions, env, cli };
}
