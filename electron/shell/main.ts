import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerSaveBlocker, protocol, safeStorage, session } from 'electron';
import type { KioskCoreHandle } from '../../common/contracts/kiosk-api';
import { createKioskCore } from '../core/kiosk-core';
import { ConfigError, loadKioskConfig, processEnvironment } from '../../kiosk-config/load';
import { appIndexUrl } from './app-origin';
import { reloadOnRendererCrash } from './crash-recovery';
import { forwardSnapshots, registerKioskIpc } from './ipc';
import { osKeystore } from './os-keystore';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { hardenEveryWebContents, hardenSession } from './security';
import { kioskWindowOptions } from './window';

/**
 * The Electron main process: wires the kiosk core to one locked-down full-screen window. Everything
 * with logic lives in the modules it imports; this file only puts them together in order.
 */

// app.getAppPath() is the repo root under `electron .` and the app.asar root when packaged: both
// hold dist/renderer next to package.json.
const appRoot = app.getAppPath();
let core: KioskCoreHandle | null = null;
let window: BrowserWindow | null = null;

registerAppScheme(protocol);
hardenEveryWebContents(app);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core) return;
    // Let the core finish its writes and close the database before the process exits.
    event.preventDefault();
    const closing = core;
    core = null;
    closing.close().then(
      () => app.quit(),
      (err: unknown) => {
        console.error(`[shiftlearn] closing the kiosk core failed: ${(err as Error).message}`);
        app.exit(1);
      },
    );
  });
  // catch, not then's second argument: a start that throws (a bad config) must reach fatal too.
  app.whenReady().then(start).catch(fatal);
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  // Electron's argv is [electron, appPath, ...args] unpackaged and [app, ...args] packaged.
  const { config, source } = loadKioskConfig({ ...processEnvironment(), argv: process.argv.slice(app.isPackaged ? 1 : 2) });
  console.log(`[shiftlearn] config ${source}; data in ${config.dataDir}`);
  const running = await createKioskCore({
    config,
    dataDir: config.dataDir,
    configSource: source,
    secretBox: osKeystore(safeStorage),
    // Site IT ended kiosk mode from diagnostics: quit after the call's answer has gone back.
    onExitRequested: () => setImmediate(() => app.quit()),
  });
  core = running;

  hardenSession(session.defaultSession);
  serveAppProtocol(protocol, { rendererDir: path.join(appRoot, 'dist', 'renderer'), core: running });
  registerKioskIpc(ipcMain, running);

  window = new BrowserWindow(kioskWindowOptions({ preloadPath: path.join(__dirname, 'preload.js'), isPackaged: app.isPackaged }));
  const { webContents } = window;
  const stopForwarding = forwardSnapshots(running, webContents);
  reloadOnRendererCrash(webContents, {
    onCrash: (reason, delayMs) => {
      console.error(`[shiftlearn] renderer gone: ${reason}; reloading in ${delayMs} ms`);
      void running.logEvent({ kind: 'renderer-crash', detail: `${reason}; reload in ${delayMs} ms` }).catch(() => {});
    },
  });
  const wakeLock = powerSaveBlocker.start('prevent-display-sleep');
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    stopForwarding();
    if (powerSaveBlocker.isStarted(wakeLock)) powerSaveBlocker.stop(wakeLock);
    window = null;
  });
  await window.loadURL(appIndexUrl);
}

function fatal(err: unknown): void {
  const message = err instanceof ConfigError ? `The kiosk config has problems:\n${err.lines.join('\n')}` : err instanceof Error ? err.message : String(err);
  console.error(`[shiftlearn] the kiosk could not start: ${message}`);
  dialog.showErrorBox('Shiftlearn could not start', message);
  app.exit(1);
}
