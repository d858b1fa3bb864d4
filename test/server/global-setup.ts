import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The CLI tests run the compiled server as users do (`npm run server`): build it once, when stale. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.cjs', '--if-stale'], { cwd: join(__dirname, '../..'), stdio: 'inherit' });
}
