/** The kiosk core's public surface for the transports (Electron shell, web host) and tools. */
export { createKioskCore, type CreateKioskCoreOptions } from './kiosk-core';
export { KioskCoreError } from './kiosk-core-error';
export { StoreOpenError } from './store/store-open-error';
export { openStore, DB_FILE_NAME, type Store } from './store/open-store';
export { DEMO_BADGES, type DemoBadge } from './demo/demo-roster';
