import { createHidBadgeAssembler } from './hid-keyboard';

/**
 * The raw-HID badge reader: finds the reader by USB vendor/product id, decodes its keyboard reports
 * into badge strings, and survives unplugging: it polls for the device and reopens it, so a reader
 * plugged back in works again without restarting the kiosk.
 *
 * node-hid is a native module that needs libusb-1.0.so.0 on Linux; it is required only here, only in
 * HID mode, and a load failure becomes the reader state 'unavailable' with the fix, never a crash.
 */

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

export interface HidDeviceHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
}

/** The part of node-hid this reader uses; tests pass a fake with recorded reports. */
export interface HidBackend {
  devices(): HidDeviceInfo[];
  open(path: string): HidDeviceHandle;
}

export type HidReaderStatus = { state: 'connected' | 'disconnected' | 'unavailable'; detail: string | null };

export interface HidReaderOptions {
  vendorId: number;
  productId: number;
  reconnectIntervalMs: number;
  onBadge: (raw: string) => void;
  onStatus: (s: HidReaderStatus) => void;
  /** A read the reader produced that is not a badge (too long, stray key, no Enter): for the event log. */
  onRejected?: (reason: string) => void;
  hid?: HidBackend;
  /** How the real backend is loaded; replaced in tests to simulate a missing libusb. */
  loadBackend?: () => HidBackend;
  /** Upper bound of one read; the configured badge length rules are applied later by the badge filter. */
  maxLength?: number;
  platform?: NodeJS.Platform;
}

/** Loads node-hid on first use; throws what require() threw. */
export function loadNodeHidBackend(): HidBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: node-hid fails to load without libusb, and only raw-HID mode needs it
  const hid = require('node-hid') as typeof import('node-hid');
  return {
    devices: () => hid.devices(),
    open: (path) => new hid.HID(path),
  };
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export function describeLoadFailure(err: unknown, platform: NodeJS.Platform): string {
  const message = err instanceof Error ? err.message : String(err);
  const fix =
    platform === 'linux'
      ? 'install the USB library: sudo apt-get install libusb-1.0-0 (Debian/Ubuntu), then restart the kiosk'
      : 'reinstall Shiftlearn (the node-hid native module is missing or built for another platform)';
  return `Raw HID badge reader unavailable: node-hid could not be loaded (${message}). Fix: ${fix}, or set reader.mode to "wedge" in the kiosk config.`;
}

export function describeOpenFailure(err: unknown, vendorId: number, productId: number, platform: NodeJS.Platform): string {
  const message = err instanceof Error ? err.message : String(err);
  const id = `${hex4(vendorId)}:${hex4(productId)}`;
  const fix =
    platform === 'linux'
      ? `this is usually permissions: create /etc/udev/rules.d/70-shiftlearn-reader.rules containing KERNEL=="hidraw*", ATTRS{idVendor}=="${hex4(vendorId)}", TAG+="uaccess" then run sudo udevadm control --reload-rules && sudo udevadm trigger and plug the reader in again`
      : 'the operating system keeps keyboard-type devices to itself: switch the reader to HID-POS/data mode (see its manual) or set reader.mode to "wedge" in the kiosk config';
  return `Badge reader ${id} found but could not be opened (${message}). Fix: ${fix}.`;
}

/** Prefers the keyboard interface (usage page 1, usage 6) when a reader exposes several. */
function findReader(devices: HidDeviceInfo[], vendorId: number, productId: number): HidDeviceInfo | undefined {
  const matching = devices.filter((d) => d.vendorId === vendorId && d.productId === productId && d.path);
  return matching.find((d) => d.usagePage === 1 && d.usage === 6) ?? matching[0];
}

export function startHidReader(opts: HidReaderOptions): { stop(): void } {
  const platform = opts.platform ?? process.platform;
  const id = `${hex4(opts.vendorId)}:${hex4(opts.productId)}`;
  let last: HidReaderStatus | null = null;
  const report = (status: HidReaderStatus): void => {
    // Polling repeats the same outcome every interval; the status listener hears only changes.
    if (last && last.state === status.state && last.detail === status.detail) return;
    last = status;
    opts.onStatus(status);
  };

  let backend: HidBackend;
  try {
    backend = opts.hid ?? (opts.loadBackend ?? loadNodeHidBackend)();
  } catch (err) {
    report({ state: 'unavailable', detail: describeLoadFailure(err, platform) });
    return { stop() {} };
  }

  const assembler = createHidBadgeAssembler({ maxLength: opts.maxLength ?? 256 });
  let open: { handle: HidDeviceHandle; path: string } | null = null;
  let stopped = false;
  let everConnected = false;

  const closeDevice = (): void => {
    const current = open;
    open = null;
    assembler.reset();
    try {
      current?.handle.close();
    } catch {
      // Closing an unplugged device may throw; it is gone either way.
    }
  };

  const disconnected = (): void => {
    closeDevice();
    report({ state: 'disconnected', detail: `Badge reader disconnected: plug it back in (USB ${id}).` });
  };

  const poll = (): void => {
    if (stopped) return;
    let devices: HidDeviceInfo[];
    try {
      devices = backend.devices();
    } catch (err) {
      report({ state: 'unavailable', detail: `Cannot list USB HID devices (${err instanceof Error ? err.message : String(err)}). Fix: restart the terminal; if it persists, set reader.mode to "wedge".` });
      return;
    }
    if (open) {
      if (!devices.some((d) => d.path === open!.path)) disconnected();
      return;
    }
    const device = findReader(devices, opts.vendorId, opts.productId);
    if (!device?.path) {
      if (everConnected) disconnected();
      else report({ state: 'disconnected', detail: `Badge reader not found (USB ${id}): plug it in, or check reader.vendorId/productId in the kiosk config.` });
      return;
    }
    let handle: HidDeviceHandle;
    try {
      handle = backend.open(device.path);
    } catch (err) {
      report({ state: 'unavailable', detail: describeOpenFailure(err, opts.vendorId, opts.productId, platform) });
      return;
    }
    const mine = { handle, path: device.path };
    open = mine;
    handle.on('data', (data: Buffer) => {
      if (stopped || open !== mine) return;
      for (const out of assembler.push(data, Date.now())) {
        if (out.kind === 'badge') opts.onBadge(out.raw);
        else opts.onRejected?.(out.reason);
      }
    });
    handle.on('error', () => {
      if (stopped || open !== mine) return;
      disconnected();
    });
    everConnected = true;
    report({ state: 'connected', detail: null });
  };

  poll();
  const timer = setInterval(poll, opts.reconnectIntervalMs);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      closeDevice();
    },
  };
}
