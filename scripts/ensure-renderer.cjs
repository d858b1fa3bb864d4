// The web host serves the built renderer; build it once if it is missing.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');
const index = path.join(__dirname, '..', 'dist', 'renderer', 'index.html');
if (!fs.existsSync(index)) {
  console.error('[shiftlearn] renderer not built yet: running "npm run build:renderer"');
  execSync('npm run build:renderer', { stdio: 'inherit', cwd: path.join(__dirname, '..') });
}
