import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { CallOutcome, KioskCoreHandle } from '../../common/contracts/kiosk-api';
import { dispatchKioskCall } from '../transport/dispatch';
import { isAppUrl } from './app-origin';

/** Channel names; the sandboxed preload spells the same ones out (a unit test runs both against each other). */
export const callChannel = 'kiosk:call';
export const snapshotChannel = 'kiosk:snapshot';

/**
 * One invoke handler for every kiosk call: it checks that the caller is a frame of the app itself
 * (not some page that got navigated to), then dispatches the call, whose name and arguments are
 * checked against the contract. Returns a function that removes the handler.
 */
export function registerKioskIpc(ipcMain: IpcMain, core: KioskCoreHandle): () => void {
  ipcMain.handle(callChannel, (event, name: unknown, args: unknown) => handleCall(core, name, event, args));
  return () => ipcMain.removeHandler(callChannel);
}

export async function handleCall(core: KioskCoreHandle, name: unknown, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, args: unknown): Promise<CallOutcome> {
  if (!isAppUrl(event.senderFrame?.url)) {
    return { ok: false, error: { code: 'bad-request', message: 'Kiosk calls are only accepted from the kiosk app itself.' } };
  }
  return dispatchKioskCall(core, name, args);
}

/** Pushes every snapshot to the window; returns the unsubscribe function. */
export function forwardSnapshots(core: KioskCoreHandle, webContents: WebContents): () => void {
  return core.onSnapshot((snapshot) => {
    if (!webContents.isDestroyed()) webContents.send(snapshotChannel, snapshot);
  });
}
