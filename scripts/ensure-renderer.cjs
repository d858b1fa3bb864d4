// The web host and the server's dashboard serve the built renderer: build it when it is missing, or
// older than its sources (renderer/, the common/ code it imports, the Vite config), so a fresh clone
// and an edited tree both serve current pages.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const index = path.join(root, 'dist', 'renderer', 'index.html');
const sources = ['renderer', 'common', 'vite.config.mts', 'package.json'];

/** The first source file changed after `since` (ms), or null. */
function changedSince(since) {
  const pending = sources.map((source) => path.join(root, source));
  while (pending.length > 0) {
    const file = pending.pop();
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) for (const entry of fs.readdirSync(file)) pending.push(path.join(file, entry));
    else if (stat.mtimeMs > since) return path.relative(root, file);
  }
  return null;
}

const built = fs.statSync(index, { throwIfNoEntry: false });
const changed = built ? changedSince(built.mtimeMs) : null;
const reason = !built ? 'not built yet' : changed && `${changed} changed`;
if (reason) {
  console.error(`[shiftlearn] building the renderer (${reason}): npm run build:renderer`);
  execSync('npm run build:renderer', { stdio: 'inherit', cwd: root });
}
