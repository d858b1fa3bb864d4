import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHidReader, type HidBackend, type HidDeviceInfo, type HidReaderStatus } from '../../../electron/core/reader/hid-reader';

const VID = 0x08ff;
const PID = 0x0009;
const READER: HidDeviceInfo = { vendorId: VID, productId: PID, path: '/dev/hidraw3', usagePage: 1, usage: 6 };

/** Recorded reports of a reader typing "1001" then Enter (press/release pairs). */
const BADGE_1001 = [0x1e, 0x27, 0x27, 0x1e, 0x28].flatMap((k) => [
  Buffer.from([0, 0, k, 0, 0, 0, 0, 0]),
  Buffer.alloc(8),
]);

class FakeDevice extends EventEmitter {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

/** A USB bus the test plugs the reader into and out of. */
class FakeBus implements HidBackend {
  plugged: HidDeviceInfo[] = [];
  opened: FakeDevice[] = [];
  openError: Error | null = null;
  devices(): HidDeviceInfo[] {
    return [...this.plugged];
  }
  open(path: string): FakeDevice {
    if (this.openError) throw this.openError;
    if (!this.plugged.some((d) => d.path === path)) throw new Error(`cannot open device with path ${path}`);
    const d = new FakeDevice();
    this.opened.push(d);
    return d;
  }
  get current(): FakeDevice {
    return this.opened[this.opened.length - 1]!;
  }
}

function start(bus: FakeBus, extra: Partial<Parameters<typeof startHidReader>[0]> = {}) {
  const badges: string[] = [];
  const statuses: HidReaderStatus[] = [];
  const rejected: string[] = [];
  const reader = startHidReader({
    vendorId: VID,
    productId: PID,
    reconnectIntervalMs: 2000,
    onBadge: (b) => badges.push(b),
    onStatus: (s) => statuses.push(s),
    onRejected: (r) => rejected.push(r),
    hid: bus,
    platform: 'linux',
    ...extra,
  });
  return { reader, badges, statuses, rejected };
}

describe('startHidReader', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('connects to the reader and delivers decoded badges', () => {
    const bus = new FakeBus();
    bus.plugged = [{ vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0' }, READER];
    const { reader, badges, statuses } = start(bus);
    expect(statuses).toEqual([{ state: 'connected', detail: null }]);
    for (const r of BADGE_1001) bus.current.emit('data', r);
    expect(badges).toEqual(['1001']);
    reader.stop();
    expect(bus.current.closed).toBe(true);
  });

  it('reports an unplugged reader and reconnects when it is plugged back in, without a restart', () => {
    const bus = new FakeBus();
    bus.plugged = [READER];
    const { reader, badges, statuses } = start(bus);
    const first = bus.current;

    bus.plugged = [];
    first.emit('error', new Error('could not read from HID device'));
    expect(first.closed).toBe(true);
    expect(statuses.at(-1)).toEqual({ state: 'disconnected', detail: 'Badge reader disconnected: plug it back in (USB 08ff:0009).' });

    vi.advanceTimersByTime(6000);
    expect(statuses).toHaveLength(2);

    bus.plugged = [READER];
    vi.advanceTimersByTime(2000);
    expect(statuses.at(-1)).toEqual({ state: 'connected', detail: null });
    expect(bus.current).not.toBe(first);
    for (const r of BADGE_1001) bus.current.emit('data', r);
    expect(badges).toEqual(['1001']);
    reader.stop();
  });

  it('notices a reader that vanished from the device list even without an error event', () => {
    const bus = new FakeBus();
    bus.plugged = [READER];
    const { reader, statuses } = start(bus);
    bus.plugged = [];
    vi.advanceTimersByTime(2000);
    expect(statuses.at(-1)?.state).toBe('disconnected');
    expect(statuses.at(-1)?.detail).toContain('plug it back in');
    reader.stop();
  });

  it('drops a half-typed badge when the reader is unplugged mid-read', () => {
    const bus = new FakeBus();
    bus.plugged = [READER];
    const { reader, badges } = start(bus);
    for (const r of BADGE_1001.slice(0, 4)) bus.current.emit('data', r);
    bus.current.emit('error', new Error('gone'));
    vi.advanceTimersByTime(2000);
    for (const r of BADGE_1001) bus.current.emit('data', r);
    expect(badges).toEqual(['1001']);
    reader.stop();
  });

  it('says the reader is not found when it was never plugged in, and connects once it appears', () => {
    const bus = new FakeBus();
    const { reader, statuses } = start(bus);
    expect(statuses).toEqual([
      { state: 'disconnected', detail: 'Badge reader not found (USB 08ff:0009): plug it in, or check reader.vendorId/productId in the kiosk config.' },
    ]);
    bus.plugged = [READER];
    vi.advanceTimersByTime(2000);
    expect(statuses.at(-1)).toEqual({ state: 'connected', detail: null });
    reader.stop();
  });

  it('names the udev rule when Linux refuses to open the reader', () => {
    const bus = new FakeBus();
    bus.plugged = [READER];
    bus.openError = new Error('cannot open device with path /dev/hidraw3');
    const { reader, statuses } = start(bus);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.state).toBe('unavailable');
    expect(statuses[0]!.detail).toContain('KERNEL=="hidraw*", ATTRS{idVendor}=="08ff", TAG+="uaccess"');
    vi.advanceTimersByTime(4000);
    expect(statuses).toHaveLength(1);
    bus.openError = null;
    vi.advanceTimersByTime(2000);
    expect(statuses.at(-1)).toEqual({ state: 'connected', detail: null });
    reader.stop();
  });

  it('turns a node-hid load failure into an unavailable status naming the libusb fix', () => {
    const { reader, statuses } = start(new FakeBus(), {
      hid: undefined,
      loadBackend: () => {
        throw Object.assign(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' });
      },
    });
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.state).toBe('unavailable');
    expect(statuses[0]!.detail).toContain('apt-get install libusb-1.0-0');
    expect(statuses[0]!.detail).toContain('libusb-1.0.so.0');
    expect(vi.getTimerCount()).toBe(0);
    reader.stop();
  });

  it('reports reads that are not badges and delivers nothing after stop', () => {
    const bus = new FakeBus();
    bus.plugged = [READER];
    const { reader, badges, rejected } = start(bus, { maxLength: 3 });
    for (const r of BADGE_1001) bus.current.emit('data', r);
    expect(rejected).toEqual(['read longer than 3 characters']);
    const device = bus.current;
    reader.stop();
    for (const r of BADGE_1001) device.emit('data', r);
    expect(badges).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
