import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, any> = {};
const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })), on: vi.fn(), removeListener: vi.fn() };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
}));

import { kioskCalls } from '../../../common/contracts/kiosk-api';
import { callChannel, handleCall, registerKioskIpc, snapshotChannel } from '../../../electron/shell/ipc';
import { createIpcTransport } from '../../../renderer/src/transport/ipc';
import { fakeCore, snapshot } from '../web-host/fake-core';

const fromApp = { senderFrame: { url: 'shiftlearn://app/index.html', parent: null } } as any;

describe('main-process IPC handlers', () => {
  it('registers one handler for the call channel and removes it again', () => {
    const handlers = new Map<string, Function>();
    const ipcMain = { handle: (ch: string, fn: Function) => handlers.set(ch, fn), removeHandler: (ch: string) => handlers.delete(ch) };
    const dispose = registerKioskIpc(ipcMain as any, fakeCore().core);
    expect([...handlers.keys()]).toEqual([callChannel]);
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('runs a valid call from the app on the core', async () => {
    const fake = fakeCore();
    const handlers = new Map<string, Function>();
    registerKioskIpc({ handle: (ch: string, fn: Function) => handlers.set(ch, fn), removeHandler: () => {} } as any, fake.core);
    await expect(handlers.get(callChannel)!(fromApp, 'tapBadge', ['1001'])).resolves.toEqual({
      ok: true,
      value: { outcome: 'signed-in', workerId: 'w1' },
    });
    expect(fake.calls).toEqual([{ name: 'tapBadge', args: ['1001'] }]);
  });

  it('rejects an unknown call name', async () => {
    const fake = fakeCore();
    const reply = await handleCall(fake.core, 'dropDatabase', fromApp, []);
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('rejects bad arguments before the core sees them', async () => {
    const fake = fakeCore();
    const reply = await handleCall(fake.core, 'saveProgress', fromApp, [{ lessonId: 'l1', cardIndex: -1 }]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/saveProgress.*args\[0\]\.cardIndex/);
    expect(fake.calls).toEqual([]);
  });

  it('rejects a call from a frame that is not the app\'s main frame', async () => {
    const fake = fakeCore();
    const appFrame = { url: 'shiftlearn://app/index.html', parent: null };
    const senders = [
      { url: 'https://evil.example/', parent: null },
      null,
      // A frame inside the app's page, even on the app origin (CSP forbids frames; this is the backstop).
      { url: 'shiftlearn://app/index.html', parent: appFrame },
      { url: 'https://evil.example/', parent: appFrame },
    ];
    for (const event of senders.map((senderFrame) => ({ senderFrame }))) {
      const reply = await handleCall(fake.core, 'signOut', event as any, []);
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(fake.calls).toEqual([]);
  });
});

describe('sandboxed preload', () => {
  beforeEach(async () => {
    ipcRenderer.invoke.mockClear();
    await import('../../../electron/shell/preload');
  });

  it('exposes only call and onSnapshot', () => {
    expect(Object.keys(exposed)).toEqual(['shiftlearn']);
    expect(Object.keys(exposed.shiftlearn).sort()).toEqual(['call', 'onSnapshot']);
  });

  it('forwards every call, by name and arguments, on the channel the main process handles', async () => {
    for (const name of [...Object.keys(kioskCalls), 'notInTheContract']) {
      await expect(exposed.shiftlearn.call(name, ['x'])).resolves.toEqual({ ok: true, value: 'from-main' });
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(callChannel, name, ['x']);
    }
  });

  it('subscribes to snapshots on the channel the main process sends on, and unsubscribes', () => {
    const listener = vi.fn();
    const stop = exposed.shiftlearn.onSnapshot(listener);
    const [channel, forward] = ipcRenderer.on.mock.calls.at(-1) as unknown as [string, Function];
    expect(channel).toBe(snapshotChannel);
    forward({}, snapshot('x'));
    expect(listener).toHaveBeenCalledWith(snapshot('x'));
    stop();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(snapshotChannel, forward);
  });
});

describe('renderer -> preload -> main process, one list of calls (the contract)', () => {
  async function wired() {
    await import('../../../electron/shell/preload');
    const fake = fakeCore();
    const handlers = new Map<string, Function>();
    registerKioskIpc({ handle: (ch: string, fn: Function) => handlers.set(ch, fn), removeHandler: () => {} } as any, fake.core);
    ipcRenderer.invoke.mockImplementation(((channel: string, ...args: unknown[]) => handlers.get(channel)!(fromApp, ...args)) as any);
    return { fake, transport: createIpcTransport(exposed.shiftlearn) };
  }

  it('carries a contract call all the way to the core', async () => {
    const { fake, transport } = await wired();
    await expect(transport.api.tapBadge('1001')).resolves.toEqual({ outcome: 'signed-in', workerId: 'w1' });
    expect(fake.calls).toEqual([{ name: 'tapBadge', args: ['1001'] }]);
  });

  it('refuses a call name outside the contract in the main process, naming the calls there are', async () => {
    const { fake, transport } = await wired();
    const call = (transport.api as unknown as Record<string, () => Promise<unknown>>).dropDatabase();
    await expect(call).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/^Unknown kiosk call "dropDatabase"\. Use one of: getSnapshot, tapBadge, /) });
    await expect(exposed.shiftlearn.call('__proto__', [])).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    await expect(exposed.shiftlearn.call(42, [])).resolves.toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('(a number)') } });
    expect(fake.calls).toEqual([]);
  });

  it('refuses arguments that are not an argument list in the main process', async () => {
    const { fake } = await wired();
    await expect(exposed.shiftlearn.call('signOut', 'not-an-array')).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(fake.calls).toEqual([]);
  });
});

describe('renderer IPC transport', () => {
  function fakeBridge() {
    let push: ((s: any) => void) | null = null;
    return {
      push: (s: any) => push?.(s),
      bridge: {
        call: vi.fn(async (name: string) =>
          name === 'getSnapshot' ? { ok: true as const, value: snapshot('current') } : { ok: false as const, error: { code: 'unavailable' as const, message: 'Database locked. Close the other kiosk.' } },
        ),
        onSnapshot: (cb: (s: any) => void) => {
          push = cb;
          return () => (push = null);
        },
      },
    };
  }

  it('throws the core error as an Error with its message and code', async () => {
    const { bridge } = fakeBridge();
    const t = createIpcTransport(bridge);
    await expect(t.api.signOut()).rejects.toMatchObject({ message: 'Database locked. Close the other kiosk.', code: 'unavailable' });
  });

  it('starts with the current snapshot, then the pushed ones', async () => {
    const { bridge, push } = fakeBridge();
    const t = createIpcTransport(bridge);
    const seen: string[] = [];
    t.onSnapshot((s) => seen.push(s.terminal.station));
    await vi.waitFor(() => expect(seen).toEqual(['current']));
    push(snapshot('next'));
    expect(seen).toEqual(['current', 'next']);
  });

  it('loads media from the app protocol', () => {
    expect(createIpcTransport(fakeBridge().bridge).mediaUrl('f'.repeat(64))).toBe(`shiftlearn://app/media/${'f'.repeat(64)}`);
  });
});
