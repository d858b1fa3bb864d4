import { buildPack, checkContent, writePack } from './pack';
import { ContentProblemsError, formatProblem } from './problems';
import { packFrom, publishPack, PublishError } from './publish';

const USAGE = `Usage:
  npx tsx content-pack/cli.ts check <content-dir>
      Validate every lesson and list all problems as <file>:<line>: <problem>. Fix: <how>
  npx tsx content-pack/cli.ts build <content-dir> [--out dist/pack]
      Validate, then write the pack (manifest.json, lessons/<sha256>.json, media/<sha256>)
  npx tsx content-pack/cli.ts publish [--server URL] [--token ADMIN_TOKEN] <content-dir | built-pack-dir>
      Build (or load and verify a built pack), upload what the server lacks and publish it to every terminal.
      --server defaults to $SHIFTLEARN_SERVER_URL or http://localhost:8080; --token to $SHIFTLEARN_ADMIN_TOKEN`;

/** Runs the CLI and returns the process exit code; output goes through the given writers. */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const [command, ...rest] = argv;
  let outDir = 'dist/pack';
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--out') {
      if (!rest[i + 1]) {
        err(`--out needs a folder, e.g. --out dist/pack\n\n${USAGE}`);
        return 2;
      }
      outDir = rest[++i];
    } else if (rest[i].startsWith('--out=')) outDir = rest[i].slice(6);
    else positional.push(rest[i]);
  }
  if ((command !== 'build' && command !== 'check') || positional.length !== 1) {
    err(USAGE);
    return 2;
  }
  const dir = positional[0];

  if (command === 'check') {
    const problems = checkContent(dir);
    for (const p of problems) err(formatProblem(p));
    if (problems.length > 0) {
      err(`\n${summary(problems.length, new Set(problems.map((p) => p.file)).size)}`);
      return 1;
    }
    out(`${dir}: no problems`);
    return 0;
  }

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
      for (const p of e.problems) err(formatProblem(p));
      err(`\n${summary(e.problems.length, new Set(e.problems.map((p) => p.file)).size)}; no pack was written`);
      return 1;
    }
    err((e as Error).message);
    return 1;
  }
}

function summary(problems: number, files: number): string {
  return `${problems} problem${problems === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
}

/** `publish` talks to the server, so it is the one asynchronous command. */
export async function runCli(argv: string[], out: (s: string) => void, err: (s: string) => void, env = process.env): Promise<number> {
  if (argv[0] !== 'publish') return main(argv, out, err);
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const m = /^--(server|token)(?:=(.*))?$/.exec(argv[i]);
    if (!m) {
      positional.push(argv[i]);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (!value) {
      err(`--${m[1]} needs a value\n\n${USAGE}`);
      return 2;
    }
    flags[m[1]] = value;
  }
  if (positional.length !== 1) {
    err(USAGE);
    return 2;
  }
  const serverUrl = flags.server ?? env.SHIFTLEARN_SERVER_URL ?? 'http://localhost:8080';
  const adminToken = flags.token ?? env.SHIFTLEARN_ADMIN_TOKEN;
  if (!adminToken) {
    err('publish needs an admin token. Fix: create one with npm run server -- admin-token create, then pass --token <token> or set SHIFTLEARN_ADMIN_TOKEN');
    return 2;
  }
  try {
    const summary = await publishPack(packFrom(positional[0]), { serverUrl, adminToken, log: out });
    out(
      `Published pack ${summary.packVersion.slice(0, 12)} to ${serverUrl}: ${summary.lessons} lessons, ` +
        `${summary.changed} new or changed; uploaded ${summary.uploaded.length} file${summary.uploaded.length === 1 ? '' : 's'}, ` +
        `${summary.alreadyOnServer} already there${summary.created ? '' : ' (this pack was published before)'}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ContentProblemsError) {
      for (const p of e.problems) err(formatProblem(p));
      err(`\n${summary(e.problems.length, new Set(e.problems.map((p) => p.file)).size)}; nothing was published`);
      return 1;
    }
    err(e instanceof PublishError ? e.message : (e as Error).message);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), (s) => console.log(s), (s) => console.error(s)).then((code) => {
    process.exitCode = code;
  });
}
