import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Starts the bench's kiosk process (test/bench/chaos-kiosk.ts) with node and the tsx loader in-process,
 * so a SIGKILL hits the kiosk itself; `onLine` gets each line it prints ("ready", "ack <id>").
 * With CHAOS_DEBUG set its stderr (sync events, completions not recorded) comes through.
 */
export function spawnChaosKiosk(args: string[], onLine: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'bench', 'chaos-kiosk.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', process.env.CHAOS_DEBUG ? 'inherit' : 'ignore'],
  });
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (buffer + chunk.toString('utf8')).split('\n');
    buffer = lines.pop()!;
    lines.forEach(onLine);
  });
  return child;
}
