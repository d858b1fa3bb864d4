import type { BrowserWindowConstructorOptions } from 'electron';

/** The kiosk window: full screen, no chrome, and a renderer with no way into Node. */
export function kioskWindowOptions(opts: { preloadPath: string; isPackaged: boolean }): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    frame: false,
    backgroundColor: '#000000',
    show: false,
    title: 'Shiftlearn',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Developers may inspect an unpackaged build; a terminal on the floor never opens devtools.
      devTools: !opts.isPackaged,
    },
  };
}
