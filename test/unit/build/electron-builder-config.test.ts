import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const configFile = path.resolve(__dirname, '../../../build/electron-builder.yml');
const config = parse(fs.readFileSync(configFile, 'utf8'));

// electron-builder's own schema check runs in `npm run lint:packaging` (scripts/check-electron-builder-config.cjs):
// compiling its schema takes seconds of CPU, too slow and load-dependent for a unit test.
describe('electron-builder config', () => {
  it('packs what the shell loads at run time', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', 'migrations/**', 'node_modules/**']));
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/node-hid/**']));
  });

  it('turns off the fuses that would let anyone run the kiosk binary as Node or attach a debugger', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('checks app.asar at start and loads the app from nowhere else (asar integrity)', () => {
    expect(config.electronFuses).toMatchObject({ enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
  });
});
