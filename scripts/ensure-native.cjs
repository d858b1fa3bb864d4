// better-sqlite3 is a native addon built for one ABI at a time: `npm start` rebuilds it for Electron,
// tests and the web host need it built for this Node. Detect a wrong-ABI build and rebuild it here,
// so switching between the two never ends in a cryptic "compiled against a different Node.js version".
const { execSync } = require('node:child_process');

function loads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return null;
  } catch (err) {
    return err;
  }
}

const err = loads();
if (err) {
  const abi = /NODE_MODULE_VERSION|different Node\.js version|invalid ELF|Could not locate the bindings/.test(String(err.message));
  console.error(
    `[shiftlearn] better-sqlite3 does not load under Node ${process.version}` +
      (abi ? ' (it was built for another runtime, probably Electron)' : '') +
      `: ${String(err.message).split('\n')[0]}\n[shiftlearn] rebuilding it for this Node: npm rebuild better-sqlite3`,
  );
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' });
  for (const key of Object.keys(require.cache)) delete require.cache[key];
  const again = loads();
  if (again) {
    console.error(`[shiftlearn] better-sqlite3 still fails to load: ${again.message}\nFix: run "npm ci" again.`);
    process.exit(1);
  }
}
