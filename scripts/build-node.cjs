// Compiles the Node programs (server, CLIs, the kiosk web host with its core) to one JavaScript file
// each in dist-node/, so a command starts in a fraction of a second instead of compiling TypeScript
// on every run with tsx. Dependencies stay in node_modules (--packages=external).
//
//   node scripts/build-node.cjs            build now (npm run build:node)
//   node scripts/build-node.cjs --if-stale build only when dist-node/ is missing or older than a source
//   ... --renderer                          first build the renderer too when it is missing or stale
//                                           (scripts/ensure-renderer.cjs, in this process: one Node start less)
//
// The npm scripts that run these programs call it with --if-stale, the way ensure-renderer.cjs builds
// the renderer when it is missing, so a fresh clone and an edited tree both run current code.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outdir = path.join(root, 'dist-node');
const metaFile = path.join(outdir, 'meta.json');

/** Output name -> entry point. */
const entryPoints = {
  server: 'server/cli.ts',
  content: 'content-pack/cli.ts',
  'kiosk-config': 'kiosk-config/cli.ts',
  'kiosk-web': 'electron/web-host/cli.ts',
};

/** Files that change the output without being bundled. */
const buildInputs = ['scripts/build-node.cjs', 'tsconfig.base.json', 'tsconfig.node.json', 'package.json'];

/**
 * Sources find their assets (migrations, dist/renderer, demo media) relative to their own folder
 * with __dirname. Bundled, __dirname is dist-node/; give each module the folder its source lives in,
 * relative to the bundle, so the same code runs from source and compiled wherever the repo is.
 */
const sourceDirname = {
  name: 'source-dirname',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!/\b__dirname\b/.test(source)) return undefined;
      const fromBundle = path.relative(outdir, path.dirname(args.path)).split(path.sep).join('/');
      return {
        contents: source.replace(/\b__dirname\b/g, `require('node:path').join(__dirname, ${JSON.stringify(fromBundle)})`),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      };
    });
  },
};

async function build() {
  const started = Date.now();
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
    plugins: [sourceDirname],
    write: false,
  });
  // Each file is written beside its place and renamed over it, so a program started while a build
  // runs (a test, a second terminal) reads the old bundle or the new one, never half of one.
  fs.mkdirSync(outdir, { recursive: true });
  for (const file of result.outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, file.contents);
    fs.renameSync(temp, file.path);
  }
  // The output is CommonJS whatever the root package.json says (like dist-electron/).
  fs.writeFileSync(path.join(outdir, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
  const inputs = [...Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/')), ...buildInputs];
  fs.writeFileSync(metaFile, JSON.stringify({ inputs }, null, 1) + '\n');
  return Date.now() - started;
}

/** Why dist-node/ must be rebuilt, or null when it is current. */
function staleReason() {
  let meta;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  } catch {
    return 'not built yet';
  }
  const builtAt = fs.statSync(metaFile).mtimeMs;
  for (const name of Object.keys(entryPoints)) {
    if (!fs.existsSync(path.join(outdir, `${name}.js`))) return `dist-node/${name}.js is missing`;
  }
  for (const input of meta.inputs) {
    let changedAt;
    try {
      changedAt = fs.statSync(path.join(root, input)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (changedAt > builtAt) return `${input} changed`;
  }
  return null;
}

async function main() {
  if (process.argv.includes('--renderer')) require('./ensure-renderer.cjs');
  if (process.argv.includes('--if-stale')) {
    const reason = staleReason();
    if (!reason) return;
    console.error(`[shiftlearn] compiling the server and CLIs (${reason})`);
  }
  const ms = await build();
  if (!process.argv.includes('--if-stale')) console.log(`[shiftlearn] dist-node/ built in ${ms} ms`);
}

main().catch((err) => {
  console.error(`[shiftlearn] compiling the server and CLIs failed: ${err.message}`);
  process.exit(1);
});
