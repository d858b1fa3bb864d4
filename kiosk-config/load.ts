import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { demoConfigInput, kioskConfigSchema, type KioskConfig } from './schema';
import { describeIssues, formatProblem, type ConfigProblem } from './problems';

/**
 * Finds, reads and validates the terminal config. Order: `--config <file>`, then the
 * SHIFTLEARN_CONFIG environment variable, then the OS default locations; with no file anywhere the
 * terminal runs the demo config. A file that exists but is wrong is an error, never a silent
 * fallback to the demo: a provisioned terminal must not quietly become a demo terminal.
 */

export interface ConfigEnvironment {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
  fileExists: (file: string) => boolean;
  readFile: (file: string) => string;
  /** True when the kiosk can create or write this directory. */
  canWrite: (dir: string) => boolean;
}

export type LoadedKioskConfig = KioskConfig & { dataDir: string };

export interface LoadedConfig {
  /** Validated, with defaults applied and dataDir always set (absolute). */
  config: LoadedKioskConfig;
  /** Where it came from, for the diagnostics screen and logs. */
  source: string;
}

export class ConfigError extends Error {
  readonly lines: string[];
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    const lines = problems.map((p) => formatProblem(file, p));
    super(lines.join('\n'));
    this.name = 'ConfigError';
    this.lines = lines;
  }
}

const FILE_NAMES = ['kiosk.json', 'kiosk.yaml', 'kiosk.yml'];

/** Walks up to the nearest existing directory: creating a missing one needs write access there. */
function canWriteOrCreate(dir: string): boolean {
  let d = path.resolve(dir);
  for (;;) {
    try {
      fs.accessSync(d, fs.constants.W_OK);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    }
    const parent = path.dirname(d);
    if (parent === d) return false;
    d = parent;
  }
}

export function processEnvironment(): ConfigEnvironment {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    platform: process.platform,
    homedir: os.homedir(),
    fileExists: (f) => fs.existsSync(f),
    readFile: (f) => fs.readFileSync(f, 'utf8'),
    canWrite: canWriteOrCreate,
  };
}

const pathFor = (platform: NodeJS.Platform): path.PlatformPath => (platform === 'win32' ? path.win32 : path.posix);

/** Directories searched for kiosk.json / kiosk.yaml / kiosk.yml, in order. */
export function defaultConfigDirs(e: Pick<ConfigEnvironment, 'env' | 'platform' | 'homedir'>): string[] {
  const p = pathFor(e.platform);
  if (e.platform === 'win32') return [p.join(e.env.ProgramData ?? 'C:\\ProgramData', 'Shiftlearn')];
  if (e.platform === 'darwin') return ['/Library/Application Support/Shiftlearn'];
  return ['/etc/shiftlearn', p.join(e.env.XDG_CONFIG_HOME || p.join(e.homedir, '.config'), 'shiftlearn')];
}

export function defaultConfigPaths(e: Pick<ConfigEnvironment, 'env' | 'platform' | 'homedir'>): string[] {
  const p = pathFor(e.platform);
  return defaultConfigDirs(e).flatMap((dir) => FILE_NAMES.map((name) => p.join(dir, name)));
}

/** Where the database and content cache go when the config has no dataDir. */
export function defaultDataDir(e: Pick<ConfigEnvironment, 'env' | 'platform' | 'homedir' | 'canWrite'>): string {
  const p = pathFor(e.platform);
  if (e.platform === 'win32') return p.join(e.env.ProgramData ?? 'C:\\ProgramData', 'Shiftlearn', 'data');
  if (e.platform === 'darwin') return p.join(e.homedir, 'Library', 'Application Support', 'Shiftlearn');
  const system = '/var/lib/shiftlearn';
  if (e.canWrite(system)) return system;
  return p.join(e.env.XDG_DATA_HOME || p.join(e.homedir, '.local', 'share'), 'shiftlearn');
}

/** The explicit config file, if one was named; the flag wins over the environment variable. */
export function explicitConfigPath(argv: readonly string[], env: NodeJS.ProcessEnv): { file: string; via: string } | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') {
      const next = argv[i + 1];
      if (!next || next.startsWith('--')) {
        throw new ConfigError('--config', [{ where: '', problem: 'the flag needs a file name', fix: 'write --config /path/to/kiosk.json' }]);
      }
      return { file: next, via: '--config' };
    }
    if (arg.startsWith('--config=')) return { file: arg.slice('--config='.length), via: '--config' };
  }
  const fromEnv = env.SHIFTLEARN_CONFIG?.trim();
  return fromEnv ? { file: fromEnv, via: 'SHIFTLEARN_CONFIG' } : null;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Parses JSON or YAML by file extension; syntax errors carry the line and column. */
export function parseConfigText(file: string, text: string): unknown {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') {
    try {
      return JSON.parse(text);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const m = /at position (\d+)/.exec(message);
      const at = lineAndColumn(text, m ? Number(m[1]) : text.length);
      const problem = message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'the file ends too early');
      throw new ConfigError(file, [{
        where: `line ${at.line}, column ${at.column}`,
        problem: `not valid JSON: ${problem}`,
        fix: 'correct the JSON there (common causes: a trailing comma, a missing comma or quote, comments, which JSON does not allow)',
      }]);
    }
  }
  if (ext === '.yaml' || ext === '.yml') {
    try {
      return parseYaml(text);
    } catch (err) {
      if (err instanceof YAMLParseError) {
        const pos = err.linePos?.[0];
        throw new ConfigError(file, [{
          where: pos ? `line ${pos.line}, column ${pos.col}` : '',
          problem: `not valid YAML: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
          fix: 'correct the YAML there (indent nested keys with spaces, not tabs; quote values containing ": " or "#")',
        }]);
      }
      throw err;
    }
  }
  throw new ConfigError(file, [{ where: '', problem: `unsupported file type "${ext || '(none)'}"`, fix: 'name the config file with .json, .yaml or .yml' }]);
}

/** Validates parsed data; relative dataDir is taken relative to the config file's directory. */
export function validateConfig(file: string, data: unknown, e: Pick<ConfigEnvironment, 'env' | 'platform' | 'homedir' | 'canWrite'>): LoadedKioskConfig {
  if (data === null || data === undefined) {
    throw new ConfigError(file, [{ where: '', problem: 'the file is empty', fix: 'start from one of the examples in kiosk-config/examples/' }]);
  }
  const result = kioskConfigSchema.safeParse(data);
  if (!result.success) throw new ConfigError(file, describeIssues(result.error.issues, data, kioskConfigSchema));
  const p = pathFor(e.platform);
  const configured = result.data.dataDir;
  let dataDir: string;
  if (!configured) dataDir = defaultDataDir(e);
  else if (configured === '~' || configured.startsWith('~/')) dataDir = p.join(e.homedir, configured.slice(1));
  else dataDir = p.resolve(p.dirname(p.resolve(file)), configured);
  return { ...result.data, dataDir };
}

/** Reads, parses and validates one config file. */
export function loadConfigFile(file: string, e: ConfigEnvironment = processEnvironment()): LoadedKioskConfig {
  let text: string;
  try {
    text = e.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(file, [{ where: '', problem: 'file not found', fix: 'check the path and file name' }]);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ConfigError(file, [{ where: '', problem: 'cannot read the file (permission denied)', fix: 'make it readable by the account the kiosk runs as, e.g. chmod 644' }]);
    }
    if (code === 'EISDIR') throw new ConfigError(file, [{ where: '', problem: 'this is a directory', fix: 'name the config file itself, e.g. kiosk.json' }]);
    throw err;
  }
  return validateConfig(file, parseConfigText(file, text.replace(/^\uFEFF/, '')), e);
}

/** The terminal's config and where it came from. Throws ConfigError listing every problem. */
export function loadKioskConfig(e: ConfigEnvironment = processEnvironment()): LoadedConfig {
  const explicit = explicitConfigPath(e.argv, e.env);
  if (explicit) {
    if (!e.fileExists(explicit.file)) {
      throw new ConfigError(explicit.file, [{
        where: '',
        problem: `file not found (named by ${explicit.via})`,
        fix: `check the path, or remove ${explicit.via} to use the default locations`,
      }]);
    }
    return { config: loadConfigFile(explicit.file, e), source: `${explicit.file} (from ${explicit.via})` };
  }

  const p = pathFor(e.platform);
  for (const dir of defaultConfigDirs(e)) {
    const found = FILE_NAMES.map((name) => p.join(dir, name)).filter((f) => e.fileExists(f));
    if (found.length > 1) {
      throw new ConfigError(found[0]!, [{
        where: '',
        problem: `more than one config file in ${dir} (${found.map((f) => p.basename(f)).join(', ')})`,
        fix: 'keep exactly one, so there is no doubt which one the terminal uses',
      }]);
    }
    if (found.length === 1) return { config: loadConfigFile(found[0]!, e), source: `${found[0]} (default location)` };
  }

  const looked = defaultConfigDirs(e).map((dir) => p.join(dir, 'kiosk.{json,yaml,yml}')).join(', ');
  return {
    config: validateConfig('(demo config)', demoConfigInput, e),
    source: `demo (no config file found; looked in ${looked})`,
  };
}
