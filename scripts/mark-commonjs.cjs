// tsc emits CommonJS for the Electron shell; mark the output folder so Node and Electron load it as such
// whatever the root package.json says.
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
