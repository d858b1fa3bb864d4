import { execFileSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
let built = false;

/**
 * The compiled program users run (`npm run server`, `content`, `kiosk:web` run dist-node/), built
 * once per test process when missing or stale. Spawned with `process.execPath` directly, not npm, so
 * a SIGTERM reaches the program itself.
 */
export function compiledCli(name: 'server' | 'content' | 'kiosk-config' | 'kiosk-web'): string {
  if (!built) {
    execFileSync(process.execPath, ['scripts/build-node.cjs', '--if-stale'], { cwd: repoRoot, stdio: 'inherit' });
    built = true;
  }
  return path.join(repoRoot, 'dist-node', `${name}.js`);
}
