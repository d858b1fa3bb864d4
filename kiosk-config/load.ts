import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { boundedYamlData, MAX_YAML_ALIASES } from '../common/yaml/bounded-data';
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

/** A config file's data, where each field was written, and what the file text itself gives away. */
export interface ParsedConfigText {
  data: unknown;
  /** 1-based line of the field at a dotted path (or of its nearest written parent); undefined when unknown. */
  lineOf: (where: string) => number | undefined;
  /** Problems seen in the text that the parsed data hides (e.g. an unquoted 0900 read as decimal 900). */
  problems: ConfigProblem[];
}

const noLines: Pick<ParsedConfigText, 'lineOf' | 'problems'> = { lineOf: () => undefined, problems: [] };

function jsonSyntaxProblem(text: string, err: unknown): ConfigProblem {
  const message = err instanceof Error ? err.message : String(err);
  const m = /at position (\d+)/.exec(message);
  const before = text.slice(0, m ? Number(m[1]) : text.length).split('\n');
  const problem = message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'the file ends too early');
  return {
    where: '',
    line: before.length,
    problem: `not valid JSON at column ${before[before.length - 1]!.length + 1}: ${problem}`,
    fix: 'correct the JSON there (common causes: a trailing comma, a missing comma or quote, comments, which JSON does not allow)',
  };
}

/**
 * Parses JSON or YAML by file extension. Syntax errors (all of them) throw a ConfigError with line
 * and column; the result knows the line of every field, so later problems can point at it.
 */
export function parseConfigText(file: string, text: string): ParsedConfigText {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') {
    throw new ConfigError(file, [{ where: '', problem: `unsupported file type "${ext || '(none)'}"`, fix: 'name the config file with .json, .yaml or .yml' }]);
  }
  let data: unknown;
  if (ext === '.json') {
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(file, [jsonSyntaxProblem(text, err)]);
    }
  }
  // JSON is YAML too: one parse gives the line of every field for both formats.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  if (ext !== '.json') {
    if (doc.errors.length > 0) {
      throw new ConfigError(file, doc.errors.map((err) => ({
        where: '',
        line: lineAt(err.pos[0]),
        problem: `not valid YAML at column ${lineCounter.linePos(err.pos[0]).col}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
        fix: 'correct the YAML there (indent nested keys with spaces, not tabs; quote values containing ": " or "#")',
      })));
    }
    const bounded = boundedYamlData(doc);
    if (!bounded.ok) {
      throw new ConfigError(file, [{
        where: '',
        line: bounded.firstAliasOffset === null ? undefined : lineAt(bounded.firstAliasOffset),
        problem: `the YAML aliases (*name) expand to more than ${MAX_YAML_ALIASES} copies; the file was not read`,
        fix: 'write each value out instead of using anchors (&name) and aliases (*name); a terminal config never needs them',
      }]);
    }
    data = bounded.data;
  }
  if (doc.errors.length > 0) return { data, ...noLines };
  const lineOf = (where: string) => {
    let node: unknown = doc.contents;
    let line: number | undefined;
    for (const key of where ? where.split('.') : []) {
      if (!isMap(node)) break;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (!pair || !isScalar(pair.key) || !pair.key.range) break;
      line = lineAt(pair.key.range[0]);
      node = pair.value;
    }
    return line;
  };
  return { data, lineOf, problems: unquotedHexProblems(doc, lineAt) };
}

/** YAML reads an unquoted 0900 as the decimal number 900; a USB id written like that was meant as hex. */
function unquotedHexProblems(doc: Document, lineAt: (offset: number) => number): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const key of ['vendorId', 'productId']) {
    const node = doc.getIn(['reader', key], true);
    if (!isScalar(node) || typeof node.value !== 'number' || !/^0[0-9]+$/.test(node.source ?? '')) continue;
    problems.push({
      where: `reader.${key}`,
      line: node.range ? lineAt(node.range[0]) : undefined,
      problem: `${String(node.source)} without quotes is the decimal number ${node.value}, not the hex USB id 0x${String(node.source).padStart(4, '0')}`,
      fix: `quote it: ${key}: "${String(node.source)}" (or write 0x${String(node.source)}); a decimal id is written without leading zeros`,
    });
  }
  return problems;
}

/** Problems in the order site IT works through them: the file as a whole first, then by line. */
function byLine(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i).map(({ p }) => p);
}

/**
 * Validates parsed data, reporting every problem at once; relative dataDir is taken relative to the
 * config file's directory.
 */
export function validateConfig(
  file: string, data: unknown, e: Pick<ConfigEnvironment, 'env' | 'platform' | 'homedir' | 'canWrite'>,
  source: Pick<ParsedConfigText, 'lineOf' | 'problems'> = noLines,
): LoadedKioskConfig {
  if (data === null || data === undefined) {
    throw new ConfigError(file, [{ where: '', problem: 'the file is empty', fix: 'start from one of the examples in kiosk-config/examples/' }]);
  }
  const result = kioskConfigSchema.safeParse(data);
  const schemaProblems = result.success ? [] : describeIssues(result.error.issues, data, kioskConfigSchema);
  const problems = [...source.problems, ...schemaProblems.map((p) => ({ ...p, line: p.line ?? source.lineOf(p.where) }))];
  if (!result.success || problems.length > 0) throw new ConfigError(file, byLine(problems));
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
  const parsed = parseConfigText(file, text.replace(/^\uFEFF/, ''));
  return validateConfig(file, parsed.data, e, parsed);
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
