import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { kioskCalls, type CallOutcome, type KioskCallName, type KioskCoreHandle } from '../../common/contracts/kiosk-api';
import { dispatchKioskCall } from '../transport/dispatch';
import { isAppUrl } from './app-origin';

/** Channel names; the sandboxed preload spells the same ones out (a unit test keeps them equal). */
export const callChannel = (name: KioskCallName) => `kiosk:call:${name}`;
export const snapshotChannel = 'kiosk:snapshot';

/**
 * One invoke handler per kiosk call. Each checks that the caller is a frame of the app itself (not
 * some page that got navigated to) and validates the arguments before the core sees them.
 * Returns a function that removes the handlers.
 */
export function registerKioskIpc(ipcMain: IpcMain, core: KioskCoreHandle): () => void {
  const names = Object.keys(kioskCalls) as KioskCallName[];
  for (const name of names) {
    ipcMain.handle(callChannel(name), (event, args: unknown) => handleCall(core, name, event, args));
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(callChannel(name));
  };
}

export async function handleCall(core: KioskCoreHandle, name: string, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, args: unknown): Promise<CallOutcome> {
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
