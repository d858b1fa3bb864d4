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
  npm run kiosk-config -- validate <file>       check a terminal config (.json, .yaml or .yml)
  npm run kiosk-config -- print-default-paths   show where a terminal looks for its config and keeps its data
  echo <pin> | npm run kiosk-config -- hash-pin print the hash to put in diagnostics.pinHash`;

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

function main(args: string[]): number | Promise<number> {
  const [command, ...rest] = args;
  const env = processEnvironment();
  if (command === 'validate') {
    if (rest.length !== 1) {
      console.error(`validate needs exactly one file.\n${USAGE}`);
      return 2;
    }
    const file = rest[0]!;
    try {
      const config = loadConfigFile(file, env);
      console.log(
        `OK: ${file} is a valid terminal config (site ${config.site.id}, station ${config.station.id}, reader ${describeReader(config)}` +
          `${config.server ? `, server ${config.server.url}` : ''}${config.demo ? ', demo' : ''})`,
      );
      return 0;
    } catch (err) {
      if (err instanceof ConfigError) {
        for (const line of err.lines) console.error(line);
        return 1;
      }
      throw err;
    }
  }
  if (command === 'hash-pin') return hashPinCommand();
  if (command === 'print-default-paths') {
    console.log(`Config files, first found wins (or --config <file> / SHIFTLEARN_CONFIG=<file>):`);
    for (const p of defaultConfigPaths(env)) console.log(`  ${p}`);
    console.log(`Data directory when the config sets no dataDir:\n  ${defaultDataDir(env)}`);
    return 0;
  }
  console.error(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
  return 2;
}

void Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
