import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { electron } from './fake-electron-main';

vi.mock('electron', () => import('./fake-electron-main').then((m) => m.electron.module));
const createKioskCore = vi.hoisted(() => vi.fn());
vi.mock('../../../electron/core/kiosk-core', () => ({ createKioskCore }));

let tmp: string;
const { app, dialog } = electron.module;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-main-config-'));
  electron.state.appPath = tmp;
  const configFile = path.join(tmp, 'kiosk.json');
  // No station: the terminal cannot know where it stands.
  fs.writeFileSync(configFile, JSON.stringify({ site: { id: 's', name: 'S' }, dataDir: path.join(tmp, 'data') }));
  vi.stubEnv('SHIFTLEARN_CONFIG', configFile);
  vi.spyOn(console, 'error').mockImplementation(() => {});
  await import('../../../electron/shell/main');
});
afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Electron main process with a bad kiosk config', () => {
  it('shows the config problem with its fix and exits, instead of sitting with no window', async () => {
    electron.markReady();
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1));
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, message] = dialog.showErrorBox.mock.calls[0] as unknown as [string, string];
    expect(title).toBe('Shiftlearn could not start');
    expect(message).toMatch(/^The kiosk config has problems:\n.*kiosk\.json: station: missing required field\. Fix: add "station"/);
    expect(createKioskCore).not.toHaveBeenCalled();
    expect(electron.state.windows).toHaveLength(0);
  });
});
