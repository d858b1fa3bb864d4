import type { KioskTransport, ShiftlearnBridge } from '../../../common/contracts/kiosk-api';
import { createHttpTransport } from './http';
import { createIpcTransport } from './ipc';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser. */
    shiftlearn?: ShiftlearnBridge;
  }
}

let transport: KioskTransport | null = null;

/** IPC inside the Electron shell, HTTP + Server-Sent Events when served by the localhost web host. */
export function getTransport(): KioskTransport {
  if (transport) return transport;
  if (window.shiftlearn) {
    transport = createIpcTransport(window.shiftlearn);
    return transport;
  }
  const token = document.querySelector('meta[name="shiftlearn-token"]')?.getAttribute('content');
  if (!token) {
    throw new Error(
      'This page has no kiosk token: it was not served by the Shiftlearn web host. ' +
        'Open the URL printed by "npm run kiosk:web" (or start the Electron kiosk with "npm start").',
    );
  }
  transport = createHttpTransport({ token });
  return transport;
}

export { KioskCallFailed } from './api-from-call';
