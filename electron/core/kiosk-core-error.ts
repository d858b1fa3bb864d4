import type { KioskCallError } from '../../common/contracts/kiosk-api';

/** An error a transport can pass to the renderer as a KioskCallError (the web host reads `code`). */
export class KioskCoreError extends Error {
  constructor(
    readonly code: KioskCallError['code'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KioskCoreError';
  }
}
