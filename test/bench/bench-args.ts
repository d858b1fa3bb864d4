import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Command-line arguments of a benchmark script: `--help` prints the usage and exits 0, anything the
 * script does not take prints the error and the usage and exits 2 (rather than running for minutes
 * with an ignored option).
 */
export function benchArgs<O extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: O, argv = process.argv.slice(2)) {
  try {
    const parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}
