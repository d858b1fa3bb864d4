import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-config-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['kiosk-config/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('npm run kiosk-config', { timeout: 60_000 }, () => {
  it('validate: a valid file prints OK with site, station and reader, exit 0', () => {
    const r = cli('validate', 'kiosk-config/examples/hid-reader.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(
      'OK: kiosk-config/examples/hid-reader.yaml is a valid terminal config (site plant-2, station warehouse-dock-1, reader hid 0x08ff:0x0009)',
    );
  });

  it('validate: an invalid file prints each problem on its own line, exit 1', () => {
    const file = write('bad.json', JSON.stringify({ site: { id: 'a', name: 'A' }, station: { id: 's', name: 'S' }, idleTimeoutSeconds: '60', lang: 'en' }));
    const r = cli('validate', file);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${file}:1: idleTimeoutSeconds: expected a number, got the text "60". Fix: remove the quotes: 60`,
      `${file}:1: lang: unknown key. Fix: did you mean "language"? remove it or check the spelling (known keys: site, station, dataDir, language, idleTimeoutSeconds, resumeWindowSeconds, reader, badge, server, diagnostics, eventRetention, demo)`,
    ]);
  });

  it('validate: a missing file or broken YAML is exit 1 with the reason', () => {
    const missing = cli('validate', path.join(tmp, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json: file not found. Fix:');
    const broken = cli('validate', write('broken.yml', 'site:\n  id: a\n name: b\n'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.yml:3: not valid YAML at column \d+: .*Fix:/);
  });

  it.runIf(process.platform === 'linux')('print-default-paths lists the config locations and the data directory', () => {
    const r = cli('print-default-paths');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/etc/shiftlearn/kiosk.json');
    expect(r.stdout).toContain('Data directory when the config sets no dataDir:');
  });

  it('validate --json: every problem with field, line and fix on stdout, exit 1; a valid file gives valid: true', () => {
    const file = write('json-out.yaml', 'site: { id: a, name: A }\nstation: { id: s, name: S }\nlanguage: Spanish\nreader:\n  mode: hid\n  vendorId: 0900\n');
    const r = cli('validate', file, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      file,
      valid: false,
      problems: [
        { where: 'language', line: 3, problem: 'the text "Spanish" is not a language tag', fix: expect.stringContaining('"es" for Spanish') },
        { where: 'reader.productId', line: 4, problem: 'missing required field', fix: 'add "productId", e.g. "0x0009"' },
        { where: 'reader.vendorId', line: 6, problem: expect.stringContaining('decimal number 900'), fix: expect.stringContaining('"0900"') },
      ],
    });
    const ok = cli('validate', 'kiosk-config/examples/demo.json', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ file: 'kiosk-config/examples/demo.json', valid: true, problems: [] });
  });

  it('wrong usage prints the usage, exit 2', () => {
    const r = cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage:');
  });
});
