import type { App, Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../transport/security-headers';
import { isAppUrl } from './app-origin';
import { isBlockedShortcut } from './shortcuts';

/** Session-wide lockdown: no permission is ever granted, every response carries the strict CSP. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
}

/**
 * App-wide lockdown, set before any window exists: every web contents the app ever creates (the kiosk
 * window, and anything a bug or a page might still open) is hardened at birth.
 */
export function hardenEveryWebContents(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, webContents) => hardenWebContents(webContents));
}

/** Per-contents lockdown: the kiosk stays on the app's own pages and its shortcuts do nothing. */
export function hardenWebContents(webContents: WebContents): void {
  webContents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // will-navigate sees the main frame only; the app has no frames of its own, so no subframe may navigate.
  webContents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || !isAppUrl(event.url)) event.preventDefault();
  });
  webContents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  webContents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
}
