import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-config-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'kiosk-config/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
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
      `${file}: idleTimeoutSeconds: expected a number, got the text "60". Fix: remove the quotes: 60`,
      `${file}: lang: unknown key. Fix: did you mean "language"? remove it or check the spelling (known keys: site, station, dataDir, language, idleTimeoutSeconds, reader, badge, server, diagnostics, demo)`,
    ]);
  });

  it('validate: a missing file or broken YAML is exit 1 with the reason', () => {
    const missing = cli('validate', path.join(tmp, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json: file not found. Fix:');
    const broken = cli('validate', write('broken.yml', 'site:\n  id: a\n name: b\n'));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.yml: line 3, column \d+: not valid YAML: .*Fix:/);
  });

  it.runIf(process.platform === 'linux')('print-default-paths lists the config locations and the data directory', () => {
    const r = cli('print-default-paths');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/etc/shiftlearn/kiosk.json');
    expect(r.stdout).toContain('Data directory when the config sets no dataDir:');
  });

  it('wrong usage prints the usage, exit 2', () => {
    const r = cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage:');
  });
});
