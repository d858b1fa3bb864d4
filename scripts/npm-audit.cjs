// CI's dependency audit: `npm audit` of the production dependencies, failing on high or critical
// advisories. Where the registry's advisories endpoint cannot be reached (offline CI, a registry or
// mirror that answers 405 to its POST), the audit cannot run: say so loudly and pass, since no
// advisory was seen. README, "Dependency review", says what is reviewed by hand.
const { spawnSync } = require('node:child_process');

const AUDIT = ['audit', '--omit=dev', '--audit-level=high'];

/** What to do with one `npm audit --json` run: { code, message } (code 0 passes CI). */
function verdict(stdout, stderr, status) {
  let report = null;
  try {
    report = JSON.parse(stdout);
  } catch {
    // Not JSON: npm failed before it had anything to report.
  }
  const counts = report && report.metadata && report.metadata.vulnerabilities;
  if (!counts) {
    const reason = (report && report.message) || `${stderr || stdout || ''}`.trim().split('\n')[0] || `npm exited ${status}`;
    return {
      code: 0,
      message: `[ci] npm audit skipped: it could not get advisories here (${reason}). Review dependencies by hand (README, "Dependency review").`,
    };
  }
  const found = ['critical', 'high', 'moderate', 'low', 'info']
    .filter((level) => counts[level] > 0)
    .map((level) => `${counts[level]} ${level}`)
    .join(', ');
  if (counts.high + counts.critical > 0) {
    return { code: 1, message: `[ci] npm audit: ${found} advisories in production dependencies (fails on high or critical).` };
  }
  return { code: 0, message: `[ci] npm audit: no high or critical advisories in production dependencies${found ? ` (${found})` : ''}.` };
}

function main() {
  const shell = process.platform === 'win32';
  const run = spawnSync('npm', [...AUDIT, '--json'], { encoding: 'utf8', shell });
  const { code, message } = verdict(run.stdout, run.stderr, run.status);
  (code === 0 ? console.log : console.error)(message);
  if (code !== 0) spawnSync('npm', AUDIT, { stdio: 'inherit', shell }); // the readable report
  process.exit(code);
}

if (require.main === module) main();
module.exports = { verdict };
