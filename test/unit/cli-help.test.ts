import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as contentCli } from '../../content-pack/cli';

/** Every command-line tool of the project answers --help with its usage and exit code 0. */

const root = path.join(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function run(script: string, ...args: string[]) {
  const r = spawnSync(tsx, [script, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function content(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = contentCli(args, (s) => out.push(s), (s) => err.push(s));
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('--help on every CLI', { timeout: 60_000 }, () => {
  it('npm run content -- --help (and help) prints the usage, exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['check', '--help']]) {
      const r = content(...args);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toContain('Usage: npm run content -- <command>');
    }
  });

  it.each([
    ['kiosk-config/cli.ts', 'npm run kiosk-config -- validate <file>'],
    ['server/cli.ts', 'npm run server -- <command>'],
    ['electron/web-host/cli.ts', 'npm run kiosk:web -- [--port <port>] [--data-dir <dir>]'],
    ['test/bench/run.ts', 'npm run bench'],
  ])('%s --help prints its usage and exits 0', (script, usage) => {
    const r = run(script, '--help');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(usage);
    expect(r.code).toBe(0);
  });

  it('content: an unknown option, an option of another command or a missing folder is a usage error, exit 2', () => {
    expect(content('check', 'content', '--bogus')).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown option '--bogus'[\s\S]*Usage/) });
    expect(content('check', 'content', '--out', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--out is not an option of check/) });
    expect(content('build')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^build needs exactly one folder, got none/) });
  });

  it.each([
    { script: 'kiosk-config/cli.ts', exit: 2, args: ['validate', 'x.json', '--bogus'] },
    { script: 'server/cli.ts', exit: 1, args: ['terminals', '--bogus'] },
  ])('$script refuses an option it does not know with the usage', ({ script, exit, args }) => {
    const r = run(script, ...args);
    expect(r.stderr).toMatch(/Unknown option '--bogus'[\s\S]*Usage/);
    expect(r.code).toBe(exit);
  });
});
