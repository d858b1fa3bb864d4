import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { compiledCli } from '../e2e/compiled-cli';

/**
 * The compiled server (dist-node/server.js, what `npm run server` runs) in a process of its own, so
 * a benchmark measures its memory apart from the benchmark's. Memory comes from /proc/<pid>/status
 * (Linux): VmHWM is the peak resident set since the process started, VmRSS the current one.
 */
export interface ServerProcess {
  base: string;
  pid: number;
  /** Bytes; null where /proc is not available. */
  memory(): { peakRss: number; rss: number } | null;
  stop(): Promise<void>;
}

export async function startCompiledServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [compiledCli('server'), 'serve', '--port', '0', '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Read all along (the server logs every request at info); the tail explains an early exit.
  let tail = '';
  const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-4000));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    let seen: string | null = '';
    child.stdout.on('data', (d: Buffer) => {
      keep(d);
      if (seen === null) return;
      seen += d.toString();
      const m = /dashboard at http:\/\/localhost:(\d+)\/dashboard\//.exec(seen);
      if (m) {
        seen = null;
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.stderr.on('data', keep);
    void exited.then((code) => reject(new Error(`the server exited (${code}) before it was ready:\n${tail}`)));
  });
  const pid = child.pid!;
  return {
    base,
    pid,
    memory() {
      let status: string;
      try {
        status = readFileSync(`/proc/${pid}/status`, 'utf8');
      } catch {
        return null;
      }
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { peakRss: kb('VmHWM'), rss: kb('VmRSS') };
    },
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`the server stopped with exit code ${code}:\n${tail}`);
    },
  };
}
