import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildPack, checkContent, writePack } from './pack';
import { ContentProblemsError, formatProblem, type Problem } from './problems';
import { startPreview } from './preview/preview-server';
import { packFrom, publishPack, PublishError } from './publish';

const USAGE = `Usage: npm run content -- <command> <content-dir> [options]

  check <content-dir> [--json]
      Validate every lesson and list all problems as <file>:<line>: <problem>. Fix: <how>
      (--json: {"problems": [{"file", "line", "problem", "fix"}]} on stdout, for editors and CI)
  build <content-dir> [--out dist/pack]
      Validate, then write the pack (manifest.json, lessons/<sha256>.json, media/<sha256>)
  preview <content-dir> [--port 4477]
      Serve the lessons in the kiosk's own lesson player on http://127.0.0.1:<port>/, with each lesson's
      problems next to it; reloads on save; switch language and screen size there. Ctrl+C stops it.
  publish [--server URL] [--token-file FILE] <content-dir | built-pack-dir>
      Build (or load and verify a built pack), upload what the server lacks and publish it to every terminal.
      --server defaults to $SHIFTLEARN_SERVER_URL or http://localhost:8080; the admin token is read from
      --token-file FILE (- = stdin), else $SHIFTLEARN_ADMIN_TOKEN (--token TOKEN works but lands in shell history)

Exit codes: 0 done, 1 problems found (or the server refused), 2 wrong usage. --help prints this.`;

type Command = 'check' | 'build' | 'publish' | 'preview';
type Writer = (s: string) => void;

/** The options each command takes; any other is a usage error rather than silently ignored. */
const COMMAND_OPTIONS: Record<Command, readonly string[]> = {
  check: ['json'],
  build: ['out'],
  publish: ['server', 'token', 'token-file'],
  preview: ['port'],
};

interface Parsed {
  command: Command;
  dir: string;
  values: { out?: string; server?: string; token?: string; 'token-file'?: string; json?: boolean; port?: string };
}

/** Reads argv; a string is the usage error to print, null means --help was asked for. */
function parse(argv: string[]): Parsed | string | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        server: { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        json: { type: 'boolean' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return (e as Error).message;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return null;
  const [command, ...rest] = positionals;
  if (!command) return 'no command given';
  if (!(command in COMMAND_OPTIONS)) return `unknown command "${command}"`;
  const allowed = COMMAND_OPTIONS[command as Command];
  const stray = Object.keys(values).find((name) => name !== 'help' && !allowed.includes(name));
  if (stray) return `--${stray} is not an option of ${command}`;
  if (rest.length !== 1) return `${command} needs exactly one folder, got ${rest.length === 0 ? 'none' : rest.join(' ')}`;
  return { command: command as Command, dir: rest[0], values };
}

/** Runs check or build (the synchronous commands) and returns the process exit code. */
export function main(argv: string[], out: Writer, err: Writer): number {
  const parsed = parse(argv);
  if (parsed === null) {
    out(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    err(`${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.command === 'publish' || parsed.command === 'preview') {
    err(`${parsed.command} runs asynchronously: run it through runCli\n\n${USAGE}`);
    return 2;
  }
  return parsed.command === 'check' ? check(parsed.dir, parsed.values.json === true, out, err) : build(parsed.dir, parsed.values.out ?? 'dist/pack', out, err);
}

function check(dir: string, json: boolean, out: Writer, err: Writer): number {
  const problems = checkContent(dir);
  if (json) {
    out(JSON.stringify({ problems }, null, 2));
    return problems.length > 0 ? 1 : 0;
  }
  if (problems.length === 0) {
    out(`${dir}: no problems`);
    return 0;
  }
  printProblems(problems, '', err);
  return 1;
}

function build(dir: string, outDir: string, out: Writer, err: Writer): number {
  try {
    const pack = buildPack(dir);
    writePack(pack, outDir);
    const languages = [...new Set(pack.manifest.lessons.map((l) => l.language))].sort();
    out(
      `Built pack ${pack.manifest.packVersion.slice(0, 12)} in ${outDir}: ` +
        `${pack.manifest.lessons.length} lessons (${languages.join(', ')}), ${pack.manifest.media.length} media files`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ContentProblemsError) {
      printProblems(e.problems, '; no pack was written', err);
      return 1;
    }
    err((e as Error).message);
    return 1;
  }
}

function printProblems(problems: readonly Problem[], outcome: string, err: Writer): void {
  for (const p of problems) err(formatProblem(p));
  const files = new Set(problems.map((p) => p.file)).size;
  err(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}${outcome}`);
}

/** Every command; `publish` talks to the server, so this one is asynchronous. */
export async function runCli(argv: string[], out: Writer, err: Writer, env = process.env): Promise<number> {
  const parsed = parse(argv);
  if (parsed === null || typeof parsed === 'string' || parsed.command === 'check' || parsed.command === 'build') return main(argv, out, err);
  if (parsed.command === 'preview') return preview(parsed.dir, parsed.values.port ?? '4477', out, err);
  const serverUrl = parsed.values.server ?? env.SHIFTLEARN_SERVER_URL ?? 'http://localhost:8080';
  const tokenFile = parsed.values['token-file'];
  let adminToken = parsed.values.token ?? env.SHIFTLEARN_ADMIN_TOKEN;
  if (tokenFile) {
    try {
      adminToken = fs.readFileSync(tokenFile === '-' ? 0 : tokenFile, 'utf8').split(/\r?\n/)[0].trim();
    } catch (e) {
      err(`cannot read the admin token from ${tokenFile === '-' ? 'stdin' : tokenFile}: ${(e as Error).message}`);
      return 2;
    }
  }
  if (!adminToken) {
    err('publish needs an admin token. Fix: create one with npm run server -- admin-token create, then pass --token-file FILE (- = stdin) or set SHIFTLEARN_ADMIN_TOKEN');
    return 2;
  }
  try {
    const summary = await publishPack(packFrom(parsed.dir), { serverUrl, adminToken, log: out });
    out(
      `Published pack ${summary.packVersion.slice(0, 12)} to ${serverUrl}: ${summary.lessons} lessons, ` +
        `${summary.changed} new or changed; uploaded ${summary.uploaded.length} file${summary.uploaded.length === 1 ? '' : 's'}, ` +
        `${summary.alreadyOnServer} already there${summary.created ? '' : ' (this pack was published before)'}`,
    );
    if (summary.requirements.changed > 0) out(`required_for: ${summary.requirements.changed} role or station requirement${summary.requirements.changed === 1 ? '' : 's'} updated`);
    for (const w of summary.requirements.warnings) err(`warning: ${w}`);
    return 0;
  } catch (e) {
    if (e instanceof ContentProblemsError) {
      printProblems(e.problems, '; nothing was published', err);
      return 1;
    }
    err(e instanceof PublishError ? e.message : (e as Error).message);
    return 1;
  }
}

async function preview(dir: string, portText: string, out: Writer, err: Writer): Promise<number> {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    err(`--port ${portText} is not a TCP port. Fix: pass a number from 1 to 65535, or 0 for any free port`);
    return 2;
  }
  try {
    const server = await startPreview({ dir, port, rendererDir: path.join(__dirname, '..', 'dist', 'renderer') });
    out(`Previewing ${dir} on ${server.url}  (reloads when you save; Ctrl+C stops)`);
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    await server.close();
    return 0;
  } catch (e) {
    err(`preview could not start: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), (s) => console.log(s), (s) => console.error(s)).then((code) => {
    process.exitCode = code;
  });
}
