import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { CallOutcome, KioskCoreHandle } from '../../common/contracts/kiosk-api';
import { dispatchKioskCall } from '../transport/dispatch';
import { isAppUrl } from './app-origin';

/** Channel names; the sandboxed preload spells the same ones out (a unit test runs both against each other). */
export const callChannel = 'kiosk:call';
export const snapshotChannel = 'kiosk:snapshot';

/**
 * One invoke handler for every kiosk call: it checks that the caller is the app's own main frame
 * (not some page that got navigated to, nor a frame inside it), then dispatches the call, whose name
 * and arguments are checked against the contract. Returns a function that removes the handler.
 */
export function registerKioskIpc(ipcMain: IpcMain, core: KioskCoreHandle): () => void {
  ipcMain.handle(callChannel, (event, name: unknown, args: unknown) => handleCall(core, name, event, args));
  return () => ipcMain.removeHandler(callChannel);
}

export async function handleCall(core: KioskCoreHandle, name: unknown, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, args: unknown): Promise<CallOutcome> {
  // The app's own main frame only: not a page it got navigated to, nor a frame inside it.
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !isAppUrl(frame.url)) {
    return { ok: false, error: { code: 'bad-request', message: 'Kiosk calls are only accepted from the main frame of the kiosk app itself.' } };
  }
  return dispatchKioskCall(core, name, args);
}

/** Pushes every snapshot to the window; returns the unsubscribe function. */
export function forwardSnapshots(core: KioskCoreHandle, webContents: WebContents): () => void {
  return core.onSnapshot((snapshot) => {
    if (!webContents.isDestroyed()) webContents.send(snapshotChannel, snapshot);
  });
}
