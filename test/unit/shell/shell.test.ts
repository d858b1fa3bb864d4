import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// The Electron binary is not available here; nothing under test may load the real module.
vi.mock('electron', () => ({}));

import { contentSecurityPolicy } from '../../../electron/transport/security-headers';
import { kioskWindowOptions } from '../../../electron/shell/window';
import { hardenEveryWebContents, hardenSession, hardenWebContents } from '../../../electron/shell/security';
import { isBlockedShortcut, type KeyInput } from '../../../electron/shell/shortcuts';
import { isAppUrl } from '../../../electron/shell/app-origin';

describe('kiosk window options', () => {
  const packaged = kioskWindowOptions({ preloadPath: '/app/preload.js', isPackaged: true });

  it('isolate the renderer from Node', () => {
    expect(packaged.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      preload: '/app/preload.js',
    });
  });

  it('are a full-screen kiosk without menu', () => {
    expect(packaged).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
  });

  it('allow devtools only in an unpackaged build', () => {
    expect(packaged.webPreferences?.devTools).toBe(false);
    expect(kioskWindowOptions({ preloadPath: 'p', isPackaged: false }).webPreferences?.devTools).toBe(true);
  });
});

function fakeSession() {
  const handlers: Record<string, any> = {};
  return {
    handlers,
    session: {
      setPermissionRequestHandler: (h: any) => (handlers.request = h),
      setPermissionCheckHandler: (h: any) => (handlers.check = h),
      setDevicePermissionHandler: (h: any) => (handlers.device = h),
      webRequest: { onHeadersReceived: (h: any) => (handlers.headers = h) },
    },
  };
}

describe('session hardening', () => {
  it('denies every permission request and check', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session as any);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn();
      handlers.request(null, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check(null, permission, 'shiftlearn://app', {})).toBe(false);
    }
    expect(handlers.device({})).toBe(false);
  });

  it('adds the strict CSP to every response', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session as any);
    const callback = vi.fn();
    handlers.headers({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy] },
    });
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toContain('unsafe');
  });
});

function fakeWebContents() {
  const emitter = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: any) => void; openHandler?: any };
  emitter.setWindowOpenHandler = (h) => (emitter.openHandler = h);
  hardenWebContents(emitter as any);
  return emitter;
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('web contents hardening', () => {
  it.each(['will-navigate', 'will-redirect'])('%s: stays on the app origin', (eventName) => {
    const wc = fakeWebContents();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'shiftlearn://other/index.html', 'http://127.0.0.1:8377/']) {
      const event = navigationEvent(url);
      wc.emit(eventName, event);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const inApp = navigationEvent('shiftlearn://app/index.html#/lesson');
    wc.emit(eventName, inApp);
    expect(inApp.preventDefault).not.toHaveBeenCalled();
  });

  it('will-frame-navigate: the main frame stays on the app origin and no subframe navigates at all', () => {
    const wc = fakeWebContents();
    const frameNavigation = (url: string, isMainFrame: boolean) => ({ url, isMainFrame, preventDefault: vi.fn() });
    const refused = [frameNavigation('https://evil.example/', true), frameNavigation('https://evil.example/', false), frameNavigation('shiftlearn://app/index.html', false)];
    for (const event of refused) {
      wc.emit('will-frame-navigate', event);
      expect(event.preventDefault, `${event.url} main=${event.isMainFrame}`).toHaveBeenCalled();
    }
    const inApp = frameNavigation('shiftlearn://app/index.html', true);
    wc.emit('will-frame-navigate', inApp);
    expect(inApp.preventDefault).not.toHaveBeenCalled();
  });

  it('applies to every web contents the app creates, not only the kiosk window', () => {
    const app = new EventEmitter();
    hardenEveryWebContents(app as any);
    const created = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: any) => void; openHandler?: any };
    created.setWindowOpenHandler = (h) => (created.openHandler = h);
    app.emit('web-contents-created', {}, created);
    const webview = { preventDefault: vi.fn() };
    created.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
    const away = { url: 'https://evil.example/', isMainFrame: true, preventDefault: vi.fn() };
    created.emit('will-frame-navigate', away);
    expect(away.preventDefault).toHaveBeenCalled();
    expect(created.openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies window.open', () => {
    const wc = fakeWebContents();
    expect(wc.openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler({ url: 'shiftlearn://app/index.html' })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a webview', () => {
    const wc = fakeWebContents();
    const event = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    shift: false,
    alt: false,
    ...mods,
  });

  it.each([
    ['Ctrl+R', key('r', { control: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['F5', key('F5')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['F12', key('F12')],
    ['F11', key('F11')],
    ['Ctrl+W', key('w', { control: true })],
    ['Ctrl+Q', key('q', { control: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['Cmd+R', key('r', { meta: true })],
  ])('blocks %s', (_name, input) => {
    const wc = fakeWebContents();
    const event = { preventDefault: vi.fn() };
    wc.emit('before-input-event', event, input);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it.each([
    ['a digit of a badge burst', key('1')],
    ['Enter', key('Enter')],
    ['plain r', key('r')],
    ['Shift+R', key('R', { shift: true })],
    ['Ctrl+C', key('c', { control: true })],
    ['Tab', key('Tab')],
    ['F4 without Alt', key('F4')],
  ])('lets %s through', (_name, input) => {
    const wc = fakeWebContents();
    const event = { preventDefault: vi.fn() };
    wc.emit('before-input-event', event, input);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('acts on key presses, not releases', () => {
    expect(isBlockedShortcut({ ...key('F5'), type: 'keyUp' })).toBe(false);
  });
});

describe('app origin', () => {
  it('is shiftlearn://app and nothing that merely resembles it', () => {
    expect(isAppUrl('shiftlearn://app/index.html')).toBe(true);
    expect(isAppUrl('shiftlearn://app.evil/index.html')).toBe(false);
    expect(isAppUrl('shiftlearn://user@app/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(null)).toBe(false);
  });
});
