// Runs Electronegativity (through its library entry point) over one folder with the network off and
// writes { issues, errors } as JSON to the given file:
//   node electronegativity-scan.cjs <folder> <electron version> <report.json>
// Why not the CLI: its CSV writer truncates the file with the header while the rows are appended, so
// rows can be lost (seen here: the gate passed with no findings), its SARIF has no severity, and with
// an output file it stops reporting the source files it could not parse.
const dns = require('node:dns');
const fs = require('node:fs');
const path = require('node:path');

// The scanner fetches translations and Electron's release list on every run; with a connection the
// release list adds findings that change as Electron ships, without one it waits on retries. Every
// host lookup fails at once with a code got does not retry, so the scan is the same on every machine.
function refused(host) {
  return Object.assign(new Error(`network is off for the Electronegativity scan (${host})`), { code: 'EACCES' });
}
dns.lookup = (host, options, callback) => {
  process.nextTick(typeof options === 'function' ? options : callback, refused(host));
};
dns.promises.lookup = async (host) => {
  throw refused(host);
};

const [input, electronVersion, reportPath] = process.argv.slice(2);
if (!input || !electronVersion || !reportPath) {
  console.error('usage: node electronegativity-scan.cjs <folder> <electron version> <report.json>');
  process.exit(2);
}
// Bundled English messages, whatever the machine's locale.
process.env.LANG = 'en-US';

const run = require('@doyensec/electronegativity');
run({ input: path.resolve(input), isRelative: true, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: [] })
  .then(({ issues, errors }) => {
    const report = {
      issues: issues.map((issue) => ({
        check: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: issue.file,
        line: issue.location.line,
        sample: issue.sample ?? '',
        description: issue.description,
      })),
      errors: errors.map((error) => ({ file: error.file, message: error.message })),
    };
    fs.writeFileSync(reportPath, JSON.stringify(report, null, 2));
  })
  .catch((error) => {
    console.error(error.stack ?? String(error));
    process.exit(1);
  });
