import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A server on the embedded database holds its data dir, so the CLI cannot open it. The server
 * leaves `serve.json` there (mode 0600: whoever may read it may read the database files anyway)
 * with its local URL and an admin token valid while it runs, and the CLI sends its calls there.
 */

const FILE = 'serve.json';
const localServer = z.object({ pid: z.number().int(), url: z.string(), token: z.string() });
export type LocalServer = z.infer<typeof localServer>;

/** The label of the token serve makes for local CLI calls; a new serve revokes ones a crash left. */
export const LOCAL_CLI_TOKEN_LABEL = 'local CLI (serve.json, revoked when the server stops)';

export function writeLocalServer(dataDir: string, server: LocalServer): () => void {
  const file = join(dataDir, FILE);
  writeFileSync(file, JSON.stringify(server), { mode: 0o600 });
  chmodSync(file, 0o600);
  return () => rmSync(file, { force: true });
}

/** The running server of this data dir, or null when none runs (a file left by a crash is ignored). */
export function readLocalServer(dataDir: string): LocalServer | null {
  let parsed: LocalServer;
  try {
    parsed = localServer.parse(JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')));
  } catch {
    return null;
  }
  try {
    process.kill(parsed.pid, 0);
    return parsed;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? parsed : null;
  }
}
