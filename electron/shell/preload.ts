import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallOutcome, KioskSnapshot, ShiftlearnBridge } from '../../common/contracts/kiosk-api';

// Sandboxed preload: it may require only `electron`, so it holds no list of calls. It forwards every
// call on the one call channel; the main process checks the name and arguments against the contract
// (type imports vanish at compile time; the channel names are those of ../shell/ipc.ts).
const bridge: ShiftlearnBridge = {
  call(name, args): Promise<CallOutcome> {
    return ipcRenderer.invoke('kiosk:call', name, args) as Promise<CallOutcome>;
  },
  onSnapshot(listener) {
    const forward = (_event: IpcRendererEvent, snapshot: KioskSnapshot) => listener(snapshot);
    ipcRenderer.on('kiosk:snapshot', forward);
    return () => {
      ipcRenderer.removeListener('kiosk:snapshot', forward);
    };
  },
};

contextBridge.exposeInMainWorld('shiftlearn', bridge);
