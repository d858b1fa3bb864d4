import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The CLI and end-to-end tests run the compiled server as users do (`npm run server`): build it once,
 * when stale, before any test starts, so the build never counts against a test's time limit (under
 * load it took an e2e test past its 90 s when that test's first CLI call built it).
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.cjs', '--if-stale'], { cwd: join(__dirname, '../..'), stdio: 'inherit' });
}
