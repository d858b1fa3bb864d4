import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  defaultConfigPaths,
  defaultDataDir,
  loadConfigFile,
  loadKioskConfig,
  type ConfigEnvironment,
} from '../../../kiosk-config/load';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A Linux terminal whose "system" directories live in the temp dir, so the real /etc is never consulted. */
function linux(overrides: Partial<ConfigEnvironment> = {}): ConfigEnvironment {
  const home = path.join(dir, 'home');
  const etc = path.join(dir, 'etc');
  const redirect = (f: string) => (f.startsWith('/etc/') ? path.join(etc, f.slice('/etc/'.length)) : f);
  return {
    argv: [],
    env: {},
    platform: 'linux',
    homedir: home,
    fileExists: (f) => fs.existsSync(redirect(f)),
    readFile: (f) => fs.readFileSync(redirect(f), 'utf8'),
    canWrite: () => false,
    ...overrides,
  };
}

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const MINIMAL = { site: { id: 'plant-9', name: 'Plant 9' }, station: { id: 'dock', name: 'Dock' } };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.lines;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('finding the config', () => {
  it('uses the demo config when no file exists anywhere, and says where it looked', () => {
    const { config, source } = loadKioskConfig(linux());
    expect(config.demo).toBe(true);
    expect(config.site.id).toBe('plant-2');
    expect(config.reader).toEqual({ mode: 'wedge', maxInterKeyMs: 100 });
    expect(source).toBe(`demo (no config file found; looked in /etc/shiftlearn/kiosk.{json,yaml,yml}, ${path.join(dir, 'home', '.config', 'shiftlearn')}/kiosk.{json,yaml,yml})`);
  });

  it('prefers --config over SHIFTLEARN_CONFIG, and the env variable over default locations', () => {
    const a = write('a.json', JSON.stringify({ ...MINIMAL, station: { id: 'from-flag', name: 'F' } }));
    const b = write('b.yaml', 'site: { id: plant-9, name: Plant 9 }\nstation: { id: from-env, name: E }\n');
    write('home/.config/shiftlearn/kiosk.json', JSON.stringify(MINIMAL));
    expect(loadKioskConfig(linux({ argv: ['--config', a], env: { SHIFTLEARN_CONFIG: b } })).config.station.id).toBe('from-flag');
    expect(loadKioskConfig(linux({ argv: [`--config=${a}`] })).source).toBe(`${a} (from --config)`);
    const fromEnv = loadKioskConfig(linux({ env: { SHIFTLEARN_CONFIG: b } }));
    expect(fromEnv.config.station.id).toBe('from-env');
    expect(fromEnv.source).toBe(`${b} (from SHIFTLEARN_CONFIG)`);
  });

  it('never falls back to the demo when the named file is missing', () => {
    const missing = path.join(dir, 'nope.json');
    expect(problemsOf(() => loadKioskConfig(linux({ argv: ['--config', missing] })))).toEqual([
      `${missing}: file not found (named by --config). Fix: check the path, or remove --config to use the default locations`,
    ]);
  });

  it('reads /etc/shiftlearn before the user config directory', () => {
    write('etc/shiftlearn/kiosk.json', JSON.stringify({ ...MINIMAL, station: { id: 'system', name: 'S' } }));
    write('home/.config/shiftlearn/kiosk.json', JSON.stringify({ ...MINIMAL, station: { id: 'user', name: 'U' } }));
    const loaded = loadKioskConfig(linux());
    expect(loaded.config.station.id).toBe('system');
    expect(loaded.source).toBe('/etc/shiftlearn/kiosk.json (default location)');
  });

  it('finds kiosk.yaml in the user config directory', () => {
    write('home/.config/shiftlearn/kiosk.yaml', 'site: { id: plant-9, name: Plant 9 }\nstation: { id: user, name: U }\n');
    const loaded = loadKioskConfig(linux());
    expect(loaded.config.station.id).toBe('user');
    expect(loaded.source).toBe(`${path.join(dir, 'home/.config/shiftlearn/kiosk.yaml')} (default location)`);
  });

  it('refuses two config files side by side instead of guessing', () => {
    write('home/.config/shiftlearn/kiosk.json', JSON.stringify(MINIMAL));
    write('home/.config/shiftlearn/kiosk.yml', 'site: {}');
    const [line] = problemsOf(() => loadKioskConfig(linux()));
    expect(line).toContain('more than one config file');
    expect(line).toContain('Fix: keep exactly one');
  });

  it('lists the documented default locations per OS', () => {
    const base = { env: {}, homedir: '/home/kiosk' };
    expect(defaultConfigPaths({ ...base, platform: 'linux' }).filter((p) => p.endsWith('.json'))).toEqual([
      '/etc/shiftlearn/kiosk.json',
      '/home/kiosk/.config/shiftlearn/kiosk.json',
    ]);
    expect(defaultConfigPaths({ env: { ProgramData: 'D:\\PD' }, homedir: 'C:\\Users\\k', platform: 'win32' })[0]).toBe('D:\\PD\\Shiftlearn\\kiosk.json');
    expect(defaultConfigPaths({ ...base, platform: 'darwin' })[0]).toBe('/Library/Application Support/Shiftlearn/kiosk.json');
  });
});

describe('data directory', () => {
  const base = { env: {}, homedir: '/home/kiosk' };
  it('uses /var/lib/shiftlearn on Linux when writable, else the user data directory', () => {
    expect(defaultDataDir({ ...base, platform: 'linux', canWrite: () => true })).toBe('/var/lib/shiftlearn');
    expect(defaultDataDir({ ...base, platform: 'linux', canWrite: () => false })).toBe('/home/kiosk/.local/share/shiftlearn');
    expect(defaultDataDir({ ...base, env: { XDG_DATA_HOME: '/data' }, platform: 'linux', canWrite: () => false })).toBe('/data/shiftlearn');
  });
  it('uses ProgramData on Windows and Application Support on macOS', () => {
    expect(defaultDataDir({ env: { ProgramData: 'C:\\ProgramData' }, homedir: 'C:\\Users\\k', platform: 'win32', canWrite: () => true })).toBe('C:\\ProgramData\\Shiftlearn\\data');
    expect(defaultDataDir({ ...base, platform: 'darwin', canWrite: () => true })).toBe('/home/kiosk/Library/Application Support/Shiftlearn');
  });
  it('fills in the default when the config has none, and resolves a relative dataDir next to the config file', () => {
    const f = write('cfg/kiosk.json', JSON.stringify(MINIMAL));
    expect(loadConfigFile(f, linux()).dataDir).toBe(path.join(dir, 'home/.local/share/shiftlearn'));
    const g = write('cfg/rel.json', JSON.stringify({ ...MINIMAL, dataDir: 'data' }));
    expect(loadConfigFile(g, linux()).dataDir).toBe(path.join(dir, 'cfg/data'));
    const h = write('cfg/home.json', JSON.stringify({ ...MINIMAL, dataDir: '~/sl' }));
    expect(loadConfigFile(h, linux()).dataDir).toBe(path.join(dir, 'home/sl'));
  });
});

describe('validation errors name the file, the field and the fix', () => {
  const check = (config: unknown) => {
    const f = write('bad.json', JSON.stringify(config));
    return problemsOf(() => loadConfigFile(f, linux())).map((l) => l.slice(f.length).replace(/^(:\d+)?: /, ''));
  };

  it('reports an unknown key with the known keys and a spelling suggestion', () => {
    expect(check({ ...MINIMAL, idleTimeout: 30 })).toEqual([
      'idleTimeout: unknown key. Fix: did you mean "idleTimeoutSeconds"? remove it or check the spelling (known keys: site, station, dataDir, language, idleTimeoutSeconds, resumeWindowSeconds, reader, badge, server, diagnostics, eventRetention, demo)',
    ]);
  });

  it('lists the keys of the right reader mode for an unknown reader key', () => {
    const [line] = check({ ...MINIMAL, reader: { mode: 'hid', vendorId: '08ff', productId: '0009', vendorID: 1 } });
    expect(line).toBe('reader.vendorID: unknown key. Fix: did you mean "vendorId"? remove it or check the spelling (known keys: mode, vendorId, productId, reconnectIntervalMs)');
  });

  it('reports missing required fields with an example (a missing top-level field concerns the whole file: first)', () => {
    expect(check({ site: { id: 'a' } })).toEqual([
      'station: missing required field. Fix: add "station", e.g. { "id": "press-line-4", "name": "Press line 4" }',
      'site.name: missing required field. Fix: add "name", e.g. "Plant 2"',
    ]);
  });

  it('reports wrong types, suggesting to drop quotes around numbers and booleans', () => {
    expect(check({ ...MINIMAL, idleTimeoutSeconds: '90', demo: 'yes', station: 'dock' })).toEqual([
      'station: expected an object, got the text "dock". Fix: write an object, e.g. { "id": "press-line-4", "name": "Press line 4" }',
      'idleTimeoutSeconds: expected a number, got the text "90". Fix: remove the quotes: 90',
      'demo: expected a boolean, got the text "yes". Fix: write true or false, without quotes',
    ]);
  });

  it('reports a bad hex USB id and an out-of-range one', () => {
    const lines = check({ ...MINIMAL, reader: { mode: 'hid', vendorId: '0xZZ', productId: 70000 } });
    expect(lines[0]).toMatch(/^reader\.vendorId: the text "0xZZ" is not a USB id\. Fix: write the USB id as hex in quotes, e\.g\. "0x08ff"/);
    expect(lines[1]).toMatch(/^reader\.productId: must be at most 65535, got 70000\. Fix: USB ids are at most 0xffff/);
  });

  it('reports an invalid regular expression with the parser message', () => {
    expect(check({ ...MINIMAL, badge: { pattern: '[0-9' } })[0]).toMatch(
      /^badge\.pattern: not a valid regular expression \(Invalid regular expression: .*Unterminated character class\)\. Fix: write a JavaScript regular expression/,
    );
  });

  it('reports a bad server URL and an unknown reader mode', () => {
    expect(check({ ...MINIMAL, server: { url: 'learn.example.com' }, reader: { mode: 'usb' } })).toEqual([
      'reader.mode: the text "usb" is not one of "wedge", "hid". Fix: use "wedge" (a reader that types like a keyboard; the default) or "hid" (raw USB HID; needs vendorId and productId)',
      'server.url: the text "learn.example.com" is not an http(s) URL. Fix: write the full server address starting with https:// or http://, e.g. "https://learn.example.com"',
    ]);
  });

  it('reports values out of range and inconsistent lengths', () => {
    expect(check({ ...MINIMAL, idleTimeoutSeconds: 5, badge: { minLength: 12, maxLength: 8 } })).toEqual([
      'idleTimeoutSeconds: must be at least 10, got 5. Fix: use a value at least 10, e.g. 60',
      'badge.minLength: minLength must not exceed maxLength. Fix: make badge.minLength less than or equal to badge.maxLength',
    ]);
  });

  it('gives the line and column of a JSON syntax error', () => {
    const f = write('broken.json', '{\n  "site": { "id": "a", },\n}');
    expect(problemsOf(() => loadConfigFile(f, linux()))).toEqual([
      `${f}:2: not valid JSON at column 24: Expected double-quoted property name. Fix: correct the JSON there (common causes: a trailing comma, a missing comma or quote, comments, which JSON does not allow)`,
    ]);
  });

  it('gives the line and column of a YAML syntax error', () => {
    const f = write('broken.yaml', 'site:\n  id: a\nstation: [dock\n');
    const [line] = problemsOf(() => loadConfigFile(f, linux()));
    expect(line).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: not valid YAML at column \\d+: .+\\. Fix: correct the YAML there`));
  });

  it('rejects an empty file and an unsupported extension', () => {
    expect(problemsOf(() => loadConfigFile(write('empty.yaml', ''), linux()))[0]).toContain('the file is empty. Fix:');
    expect(problemsOf(() => loadConfigFile(write('kiosk.toml', 'a=1'), linux()))[0]).toContain('unsupported file type ".toml". Fix: name the config file with .json, .yaml or .yml');
  });
});

describe('every problem in one pass, by line, each with its fix (issue 18)', () => {
  it('a missing reader.productId is a missing field at the reader, never "undefined undefined"', () => {
    const f = write('no-product.json', JSON.stringify({ ...MINIMAL, reader: { mode: 'hid', vendorId: '08ff' } }, null, 2));
    const lines = problemsOf(() => loadConfigFile(f, linux()));
    expect(lines).toEqual([`${f}:10: reader.productId: missing required field. Fix: add "productId", e.g. "0x0009"`]);
    expect(lines.join('\n')).not.toContain('undefined');
  });

  it('a language name instead of a BCP 47 tag is refused with the code to write', () => {
    const f = write('spanish.json', JSON.stringify({ ...MINIMAL, language: 'Spanish' }));
    expect(problemsOf(() => loadConfigFile(f, linux()))).toEqual([
      `${f}:1: language: the text "Spanish" is not a language tag. Fix: write a BCP 47 language tag: "es" for Spanish (the same code lesson files use, e.g. safe-lifting.es.md)`,
    ]);
    const g = write('klingon.json', JSON.stringify({ ...MINIMAL, language: 'Klingonese' }));
    expect(problemsOf(() => loadConfigFile(g, linux()))[0]).toContain('Fix: write a BCP 47 language tag such as "es", "en" or "pt-BR"');
    expect(loadConfigFile(write('pt.json', JSON.stringify({ ...MINIMAL, language: 'pt-BR' })), linux()).language).toBe('pt-BR');
  });

  it('an unquoted YAML id with a leading zero (read as decimal) is flagged at its line', () => {
    const f = write('octal.yaml', 'site: { id: a, name: A }\nstation: { id: s, name: S }\nreader:\n  mode: hid\n  vendorId: 0900\n  productId: "0009"\n');
    expect(problemsOf(() => loadConfigFile(f, linux()))).toEqual([
      `${f}:5: reader.vendorId: 0900 without quotes is the decimal number 900, not the hex USB id 0x0900. Fix: quote it: vendorId: "0900" (or write 0x0900); a decimal id is written without leading zeros`,
    ]);
    // Quoted, or hex with 0x, or plain decimal: all read as the author meant.
    const ok = write('hex.yaml', 'site: { id: a, name: A }\nstation: { id: s, name: S }\nreader:\n  mode: hid\n  vendorId: "0900"\n  productId: 0x0009\n');
    expect(loadConfigFile(ok, linux()).reader).toMatchObject({ vendorId: 0x0900, productId: 9 });
    expect(loadConfigFile(write('dec.yaml', 'site: { id: a, name: A }\nstation: { id: s, name: S }\nreader: { mode: hid, vendorId: 2303, productId: 9 }\n'), linux()).reader).toMatchObject({ vendorId: 2303 });
  });

  it('lists every problem of a file in one run, sorted by line', () => {
    const f = write('many.yaml', [
      'site:',
      '  id: plant-2',
      'station: { id: s, name: S }',
      'language: Spanish',
      'idleTimeoutSeconds: "90"',
      'reader:',
      '  mode: hid',
      '  vendorId: 0900',
      'badge:',
      '  pattern: "[0-9"',
      'demo: yes',
    ].join('\n'));
    const lines = problemsOf(() => loadConfigFile(f, linux())).map((l) => l.slice(f.length + 1).split(': ').slice(0, 2).join(': '));
    expect(lines).toEqual([
      '1: site.name',
      '4: language',
      '5: idleTimeoutSeconds',
      '6: reader.productId',
      '8: reader.vendorId',
      '10: badge.pattern',
      '11: demo',
    ]);
  });

  it('a YAML alias bomb is a config problem at its first alias, not a crash', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    const f = write('bomb.yaml', `site: { id: a, name: A }\n${levels.join('\n')}\n`);
    expect(problemsOf(() => loadConfigFile(f, linux()))).toEqual([
      `${f}:3: the YAML aliases (*name) expand to more than 50 copies; the file was not read. Fix: write each value out instead of using anchors (&name) and aliases (*name); a terminal config never needs them`,
    ]);
  });
});

describe('examples', () => {
  const examplesDir = path.join(__dirname, '../../../kiosk-config/examples');
  const examples = fs.readdirSync(examplesDir);
  it('include the documented set', () => {
    expect(examples.sort()).toEqual(['demo.json', 'hid-reader.yaml', 'wedge-reader.json', 'with-server.json']);
  });
  it.each(examples)('%s is a valid terminal config', (name) => {
    expect(() => loadConfigFile(path.join(examplesDir, name), linux())).not.toThrow();
  });
  it('hid-reader.yaml reads its quoted hex ids as hex', () => {
    const { reader } = loadConfigFile(path.join(examplesDir, 'hid-reader.yaml'), linux());
    expect(reader).toEqual({ mode: 'hid', vendorId: 0x08ff, productId: 0x0009, reconnectIntervalMs: 2000 });
  });
});
