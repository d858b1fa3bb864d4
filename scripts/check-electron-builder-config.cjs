// Validates build/electron-builder.yml with electron-builder's own check (its JSON schema, the first
// thing `electron-builder` does), without packaging, which needs the internet. Run by `npm test`.
// It lives here rather than in a unit test because electron-builder compiles its 360 KB schema with
// ajv on every call: 2-9 s of CPU, which no unit-test timeout survives on a loaded 2-core machine.
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');

const file = path.join(__dirname, '..', 'build', 'electron-builder.yml');

async function main() {
  const config = parse(fs.readFileSync(file, 'utf8'));
  try {
    await validateConfiguration(config, new DebugLogger(false));
  } catch (err) {
    console.error(`[shiftlearn] ${path.relative(process.cwd(), file)} is not a valid electron-builder config:\n${err.message}`);
    process.exit(1);
  }
  // A check that cannot fail proves nothing: the same validator must refuse a misspelt option.
  const misspelt = { ...config, linux: { ...config.linux, executabelName: 'shiftlearn' } };
  const refused = await validateConfiguration(misspelt, new DebugLogger(false)).then(
    () => false,
    () => true,
  );
  if (!refused) {
    console.error('[shiftlearn] electron-builder accepted a misspelt option: its schema check is not running');
    process.exit(1);
  }
  console.log(`[shiftlearn] ${path.relative(process.cwd(), file)} matches electron-builder's schema`);
}

main();
