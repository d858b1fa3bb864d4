import os from 'node:os';
import { vi } from 'vitest';

/**
 * Just enough of Electron's main-process API to run main.ts and watch what it wires up. One per test
 * file (vitest gives each file its own modules); mock with
 * `vi.mock('electron', () => import('./fake-electron-main').then((m) => m.electron.module))`.
 */
function createFakeElectronMain() {
  type Listener = (...args: any[]) => void;
  const emitter = () => {
    const listeners = new Map<string, Listener[]>();
    const self = {
      on(event: string, listener: Listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return self;
      },
      once(event: string, listener: Listener) {
        return self.on(event, listener);
      },
      emit(event: string, ...args: any[]) {
        for (const l of listeners.get(event) ?? []) l(...args);
      },
    };
    return self;
  };
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const state = { appPath: '', windows: [] as any[], protocolHandler: null as null | ((r: Request) => Promise<Response>) };
  const app = Object.assign(emitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: () => ready,
    getAppPath: () => state.appPath,
    getPath: () => os.tmpdir(),
    isPackaged: true,
    quit: vi.fn(),
    exit: vi.fn(),
  });
  class BrowserWindow {
    webContents = Object.assign(emitter(), {
      setWindowOpenHandler: vi.fn(),
      send: vi.fn(),
      isDestroyed: () => false,
      reload: vi.fn(),
    });
    loadURL = vi.fn(async () => {});
    on = vi.fn();
    once = vi.fn();
    constructor(readonly options: any) {
      state.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
  }
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  };
  return {
    state,
    markReady,
    module: {
      app,
      BrowserWindow,
      session: { defaultSession },
      dialog: { showErrorBox: vi.fn() },
      safeStorage: {
        isEncryptionAvailable: vi.fn(() => true),
        getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
        encryptString: (plain: string) => Buffer.from(`sealed:${plain}`),
        decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
      },
      ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
      Menu: { setApplicationMenu: vi.fn() },
      powerSaveBlocker: { start: vi.fn(() => 7), isStarted: vi.fn(() => true), stop: vi.fn() },
      protocol: {
        registerSchemesAsPrivileged: vi.fn(),
        handle: vi.fn((_scheme: string, handler: any) => (state.protocolHandler = handler)),
      },
    },
  };
}

export const electron = createFakeElectronMain();
