import type { Session, WebContents } from 'electron';
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

/** Per-window lockdown: the kiosk stays on the app's own pages and its shortcuts do nothing. */
export function hardenWebContents(webContents: WebContents): void {
  webContents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
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
