import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const configFile = path.resolve(__dirname, '../../../build/electron-builder.yml');
const config = parse(fs.readFileSync(configFile, 'utf8'));

describe('electron-builder config', () => {
  it("matches electron-builder's own schema", async () => {
    // Internal module of the pinned electron-builder: the same check `electron-builder` runs first.
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

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
});
