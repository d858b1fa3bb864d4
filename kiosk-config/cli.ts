import { ConfigError, defaultConfigPaths, defaultDataDir, loadConfigFile, processEnvironment, type LoadedKioskConfig } from './load';

/**
 * `npm run kiosk-config -- validate <file>`: checks a terminal config before it goes on a terminal.
 * `npm run kiosk-config -- print-default-paths`: where a terminal looks for its config and data.
 * Exit codes: 0 valid, 1 invalid (each problem on its own line), 2 wrong usage.
 */

const USAGE = `Usage:
  npm run kiosk-config -- validate <file>       check a terminal config (.json, .yaml or .yml)
  npm run kiosk-config -- print-default-paths   show where a terminal looks for its config and keeps its data`;

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

function describeReader(config: LoadedKioskConfig): string {
  const r = config.reader;
  return r.mode === 'hid' ? `hid ${hex4(r.vendorId)}:${hex4(r.productId)}` : `wedge, bursts <= ${r.maxInterKeyMs} ms apart`;
}

function main(args: string[]): number {
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
  if (command === 'print-default-paths') {
    console.log(`Config files, first found wins (or --config <file> / SHIFTLEARN_CONFIG=<file>):`);
    for (const p of defaultConfigPaths(env)) console.log(`  ${p}`);
    console.log(`Data directory when the config sets no dataDir:\n  ${defaultDataDir(env)}`);
    return 0;
  }
  console.error(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
