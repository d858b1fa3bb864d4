import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallOutcome, KioskCallName, KioskSnapshot, ShiftlearnBridge } from '../../common/contracts/kiosk-api';

// Sandboxed preload: it may require only `electron`, so the call names and channels are spelled out
// here (type imports vanish at compile time; unit tests keep both lists equal to the contract).
const callNames: readonly string[] = [
  'getSnapshot',
  'tapBadge',
  'reportActivity',
  'signOut',
  'startLesson',
  'saveProgress',
  'recordAnswer',
  'completeLesson',
  'startReview',
  'completeReview',
  'logEvent',
  'verifyPin',
  'getStationBoard',
  'getWorkerDetail',
  'openDiagnostics',
  'getDiagnostics',
  'exitKiosk',
] satisfies KioskCallName[];

const bridge: ShiftlearnBridge = {
  call(name, args): Promise<CallOutcome> {
    if (typeof name !== 'string' || !callNames.includes(name)) {
      return Promise.resolve({ ok: false, error: { code: 'not-found', message: `Unknown kiosk call "${String(name)}".` } });
    }
    if (!Array.isArray(args)) {
      return Promise.resolve({ ok: false, error: { code: 'bad-request', message: 'Kiosk call arguments must be an array.' } });
    }
    return ipcRenderer.invoke(`kiosk:call:${name}`, args) as Promise<CallOutcome>;
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
