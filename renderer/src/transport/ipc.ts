import type { KioskTransport, ShiftlearnBridge } from '../../../common/contracts/kiosk-api';
import { apiFromCall, KioskCallFailed } from './api-from-call';
import { createSnapshotHub } from './snapshot-hub';

/** The transport inside Electron: the preload's `window.shiftlearn` bridge over IPC. */
export function createIpcTransport(bridge: ShiftlearnBridge): KioskTransport {
  const api = apiFromCall(async (name, args) => {
    const reply = await bridge.call(name, args);
    if (!reply.ok) throw new KioskCallFailed(reply.error.message, reply.error.code);
    return reply.value;
  });
  const hub = createSnapshotHub((emit) => {
    let pushed = false;
    const unsubscribe = bridge.onSnapshot((snapshot) => {
      pushed = true;
      emit(snapshot);
    });
    // Like the web host's event stream, start with the current snapshot.
    api.getSnapshot().then(
      (snapshot) => {
        if (!pushed) emit(snapshot);
      },
      () => {},
    );
    return unsubscribe;
  });
  return {
    api,
    onSnapshot: (listener) => hub.subscribe(listener),
    mediaUrl: (sha256) => `shiftlearn://app/media/${encodeURIComponent(sha256)}`,
  };
}
