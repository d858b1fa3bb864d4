import { parseArgs } from 'node:util';
import { hashPin, PIN_PATTERN, PIN_RULE } from '../common/staff/pin-hash';
import { ConfigError, defaultConfigPaths, defaultDataDir, loadConfigFile, processEnvironment, type LoadedKioskConfig } from './load';

/**
 * `npm run kiosk-config -- validate <file>`: checks a terminal config before it goes on a terminal.
 * `npm run kiosk-config -- print-default-paths`: where a terminal looks for its config and data.
 * `echo <pin> | npm run kiosk-config -- hash-pin`: the scrypt hash for diagnostics.pinHash (the PIN comes
 * from stdin so it stays out of the shell history and the process list).
 * Exit codes: 0 valid, 1 invalid (each problem on its own line), 2 wrong usage.
 */

const USAGE = `Usage:
  npm run kiosk-config -- validate <file> [--json]   check a terminal config (.json, .yaml or .yml);
                                                     --json prints {"file", "valid", "problems": [...]} on stdout
  npm run kiosk-config -- print-default-paths        show where a terminal looks for its config and keeps its data
  echo <pin> | npm run kiosk-config -- hash-pin      print the hash to put in diagnostics.pinHash

Exit codes: 0 valid, 1 invalid, 2 wrong usage. --help prints this.`;

const COMMAND_OPTIONS: Record<string, { positionals: number; options: readonly string[] }> = {
  validate: { positionals: 1, options: ['json'] },
  'print-default-paths': { positionals: 0, options: [] },
  'hash-pin': { positionals: 0, options: [] },
};

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

function describeReader(config: LoadedKioskConfig): string {
  const r = config.reader;
  return r.mode === 'hid' ? `hid ${hex4(r.vendorId)}:${hex4(r.productId)}` : `wedge, bursts <= ${r.maxInterKeyMs} ms apart`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function hashPinCommand(): Promise<number> {
  const pin = (await readStdin()).trim();
  if (!PIN_PATTERN.test(pin)) {
    console.error(`hash-pin: the PIN on stdin is not usable: ${PIN_RULE}. Example: echo 4821 | npm run kiosk-config -- hash-pin`);
    return 1;
  }
  console.log(await hashPin(pin));
  return 0;
}

function validate(file: string, json: boolean): number {
  const env = processEnvironment();
  try {
    const config = loadConfigFile(file, env);
    if (json) console.log(JSON.stringify({ file, valid: true, problems: [] }, null, 2));
    else {
      console.log(
        `OK: ${file} is a valid terminal config (site ${config.site.id}, station ${config.station.id}, reader ${describeReader(config)}` +
          `${config.server ? `, server ${config.server.url}` : ''}${config.demo ? ', demo' : ''})`,
      );
    }
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    if (json) console.log(JSON.stringify({ file, valid: false, problems: err.problems }, null, 2));
    else for (const line of err.lines) console.error(line);
    return 1;
  }
}

/** Reads argv; a string is the usage error to print, null means --help was asked for. */
function parse(argv: string[]): { command: string; positionals: string[]; json: boolean } | string | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    return (e as Error).message;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return null;
  if (!command) return 'no command given';
  const spec = COMMAND_OPTIONS[command];
  if (!spec) return `unknown command "${command}"`;
  if (values.json && !spec.options.includes('json')) return `--json is not an option of ${command}`;
  if (rest.length !== spec.positionals) return spec.positionals === 1 ? `${command} needs exactly one file` : `${command} takes no arguments`;
  return { command, positionals: rest, json: values.json === true };
}

function main(argv: string[]): number | Promise<number> {
  const parsed = parse(argv);
  if (parsed === null) {
    console.log(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    console.error(`${parsed}.\n\n${USAGE}`);
    return 2;
  }
  if (parsed.command === 'validate') return validate(parsed.positionals[0]!, parsed.json);
  if (parsed.command === 'hash-pin') return hashPinCommand();
  const env = processEnvironment();
  console.log(`Config files, first found wins (or --config <file> / SHIFTLEARN_CONFIG=<file>):`);
  for (const p of defaultConfigPaths(env)) console.log(`  ${p}`);
  console.log(`Data directory when the config sets no dataDir:\n  ${defaultDataDir(env)}`);
  return 0;
}

void Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
