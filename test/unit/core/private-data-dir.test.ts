import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { protectDataDir } from '../../../electron/core/store/private-data-dir';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('kiosk data dir on POSIX', () => {
  it('makes an open data dir private: folders 0700, files 0600, at any depth', () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o755);
    fs.mkdirSync(path.join(dataDir, 'logs'), { mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, 'shiftlearn.db'), 'credential', { mode: 0o644 });
    fs.writeFileSync(path.join(dataDir, 'logs', 'kiosk.1.log'), 'log', { mode: 0o666 });
    expect(protectDataDir(dataDir)).toEqual([]);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'logs'))).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'shiftlearn.db'))).toBe(0o600);
    expect(modeOf(path.join(dataDir, 'logs', 'kiosk.1.log'))).toBe(0o600);
  });

  it('is private once the kiosk core has started in it, database and logs included', async () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o755);
    const core = await createKioskCore({ config: kioskConfigSchema.parse(demoConfigInput), dataDir, pinHashCost: FAST_PIN_COST });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.join(dataDir, DB_FILE_NAME))).toBe(0o600);
      expect(modeOf(path.join(dataDir, 'logs'))).toBe(0o700);
    } finally {
      await core.close();
    }
  });

  it('reports a folder it cannot make private, with the fix', () => {
    const missing = path.join(tempDir(), 'not-there');
    expect(protectDataDir(missing)).toEqual([expect.stringMatching(/not-there could not be made private .*Fix: chown it to the kiosk account, then chmod 700/)]);
  });
});

describe('kiosk data dir on Windows', () => {
  it('says the permissions were not checked and what to do instead', () => {
    expect(protectDataDir('C:\\ProgramData\\Shiftlearn', 'win32')).toEqual([expect.stringMatching(/not checked on Windows\. Fix: let only the kiosk account/)]);
  });
});
