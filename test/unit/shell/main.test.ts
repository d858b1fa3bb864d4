import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeCore, snapshot } from '../web-host/fake-core';
import { electron } from './fake-electron-main';

vi.mock('electron', () => import('./fake-electron-main').then((m) => m.electron.module));

const fake = fakeCore();
const closeCore = vi.spyOn(fake.core, 'close');
const createKioskCore = vi.hoisted(() => vi.fn());
vi.mock('../../../electron/core/kiosk-core', () => ({ createKioskCore }));
createKioskCore.mockImplementation(async () => fake.core);

let tmp: string;
const { app, ipcMain, protocol, powerSaveBlocker, Menu, session } = electron.module;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-main-'));
  electron.state.appPath = tmp;
  fs.mkdirSync(path.join(tmp, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'dist', 'renderer', 'index.html'), '<html>kiosk</html>');
  const configFile = path.join(tmp, 'kiosk.json');
  fs.writeFileSync(configFile, JSON.stringify({ site: { id: 's', name: 'S' }, station: { id: 'st', name: 'St' }, dataDir: path.join(tmp, 'data') }));
  vi.stubEnv('SHIFTLEARN_CONFIG', configFile);
  await import('../../../electron/shell/main');
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Electron main process', () => {
  it('registers the app scheme and takes the single-instance lock before the app is ready', () => {
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'shiftlearn', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(electron.state.windows).toHaveLength(0);
  });

  it('on ready, opens one locked-down kiosk window on the app origin', async () => {
    electron.markReady();
    await vi.waitFor(() => expect(electron.state.windows[0]?.loadURL).toHaveBeenCalledWith('shiftlearn://app/index.html'));
    const [window] = electron.state.windows;
    expect(window.options).toMatchObject({ kiosk: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(window.options.webPreferences.preload).toMatch(/preload\.js$/);
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled();
    const away = { url: 'https://evil.example/', isMainFrame: true, preventDefault: vi.fn() };
    window.webContents.emit('will-frame-navigate', away);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    expect(ipcMain.handle).toHaveBeenCalledWith('kiosk:call', expect.any(Function));
  });

  it('gives the kiosk core the OS keystore (safeStorage) to seal the terminal credential with', () => {
    const { secretBox } = createKioskCore.mock.calls[0]![0];
    expect(secretBox.decrypt(secretBox.encrypt('credential'))).toBe('credential');
    expect(secretBox.encrypt('credential').toString()).not.toBe('credential');
  });

  it('serves the renderer from the app path over shiftlearn://', async () => {
    const reply = await electron.state.protocolHandler!(new Request('shiftlearn://app/index.html'));
    expect(reply.status).toBe(200);
    expect(await reply.text()).toBe('<html>kiosk</html>');
  });

  it('pushes core snapshots to the window', () => {
    fake.push('after-tap');
    expect(electron.state.windows[0].webContents.send).toHaveBeenCalledWith('kiosk:snapshot', snapshot('after-tap'));
  });

  it('closes the core before quitting', async () => {
    const event = { preventDefault: vi.fn() };
    app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(closeCore).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    const again = { preventDefault: vi.fn() };
    app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });
});
