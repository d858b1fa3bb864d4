import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWebHost, type WebHost } from '../../../electron/web-host/server';
import { createHttpTransport, type EventSourceLike } from '../../../renderer/src/transport/http';
import { fakeCore, snapshot } from './fake-core';

/** A minimal EventSource over node:http (Node 20 has none), so the transport's stream runs against the real host. */
function nodeEventSource(urls: string[]) {
  return (url: string): EventSourceLike => {
    urls.push(url);
    const source: EventSourceLike & { readyState: number } = {
      readyState: 0,
      onmessage: null,
      onerror: null,
      close: () => {
        source.readyState = 2;
        req.destroy();
      },
    };
    const req = http.get(url, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        source.readyState = 2;
        source.onerror?.({});
        return;
      }
      source.readyState = 1;
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = buffer.slice(0, end).split('\n').find((line) => line.startsWith('data: '));
          buffer = buffer.slice(end + 2);
          if (data) source.onmessage?.({ data: data.slice(6) });
        }
      });
    });
    req.on('error', () => {});
    return source;
  };
}

describe('renderer HTTP transport against the real web host', () => {
  let tmp: string;
  let host: WebHost;
  let fake: ReturnType<typeof fakeCore>;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-transport-'));
    fs.writeFileSync(path.join(tmp, 'index.html'), '<html><head></head></html>');
    fake = fakeCore();
    host = await startWebHost({ core: fake.core, port: 0, rendererDir: tmp });
  });
  afterEach(async () => {
    await host.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const transport = (token: string) =>
    createHttpTransport({ token, baseUrl: host.url.replace(/\/$/, ''), openEventSource: () => ({}) as EventSourceLike });

  it('carries a call and its result', async () => {
    const { api } = transport(host.token);
    await expect(api.tapBadge('1001')).resolves.toEqual({ outcome: 'signed-in', workerId: 'w1' });
    await expect(api.signOut()).resolves.toBeUndefined();
    expect(fake.calls.map((c) => c.name)).toEqual(['tapBadge', 'signOut']);
  });

  it('throws the host error message with its code', async () => {
    const { api } = transport(host.token);
    await expect(api.startLesson('nope')).rejects.toMatchObject({ message: 'Lesson nope is not in the local store.', code: 'not-found' });
  });

  it('sends any call name, and the host refuses one outside the contract naming the calls there are', async () => {
    const { api } = transport(host.token);
    const unknown = (api as unknown as Record<string, () => Promise<unknown>>)['drop/Database'];
    await expect(unknown()).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/^Unknown kiosk call "drop\/Database"\. Use one of: getSnapshot, tapBadge, /) });
    expect(fake.calls).toEqual([]);
  });

  it('subscribes to snapshots with a one-time ticket: the token is never in a URL, and the URL opens no second stream', async () => {
    const urls: string[] = [];
    const t = createHttpTransport({ token: host.token, baseUrl: host.url.replace(/\/$/, ''), openEventSource: nodeEventSource(urls) });
    const seen: string[] = [];
    const stop = t.onSnapshot((s) => seen.push(s.terminal.station));
    await vi.waitFor(() => expect(seen).toEqual(['press-line-4']));
    fake.push('station-b');
    await vi.waitFor(() => expect(seen).toEqual(['press-line-4', 'station-b']));
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/events\?ticket=[\w-]{32}$/);
    expect(urls[0]).not.toContain(host.token);
    expect((await fetch(urls[0])).status).toBe(403);
    stop();
    await vi.waitFor(() => expect(fake.listenerCount()).toBe(0));
  });

  it('is refused with a wrong token', async () => {
    const { api } = transport('stale');
    await expect(api.signOut()).rejects.toThrow(/token/);
  });
});

describe('renderer HTTP transport', () => {
  it('serves media from the web host path', () => {
    const t = createHttpTransport({ token: 't', fetch: vi.fn(), openEventSource: vi.fn() });
    expect(t.mediaUrl('ab'.repeat(32))).toBe(`media/${'ab'.repeat(32)}`);
  });

  it('subscribes with a ticket, reconnects with a new one after the host refused the stream, and reloads when the token is stale', async () => {
    vi.useFakeTimers();
    try {
      const sources: (EventSourceLike & { url: string; readyState: number })[] = [];
      const openEventSource = (url: string) => {
        const source = { url, readyState: 0, onmessage: null, onerror: null, close: vi.fn() } as any;
        sources.push(source);
        return source;
      };
      const replies: Array<() => Response> = [
        () => Response.json({ ticket: 't1' }),
        () => {
          throw new TypeError('fetch failed');
        },
        () => Response.json({ ticket: 't2' }),
        () => Response.json({ code: 'bad-request', message: 'Missing or wrong kiosk token.' }, { status: 403 }),
      ];
      const fetch = vi.fn(async (_url: string, _init: RequestInit) => replies.shift()!());
      const onStaleToken = vi.fn();
      const t = createHttpTransport({ token: 'tok en', fetch: fetch as unknown as typeof globalThis.fetch, openEventSource, onStaleToken });
      const seen: string[] = [];
      const unsubscribe = t.onSnapshot((s) => seen.push(s.terminal.station));

      // The token goes in a header, for a one-time ticket; only the ticket is in the stream URL.
      await vi.waitFor(() => expect(sources).toHaveLength(1));
      expect(fetch).toHaveBeenLastCalledWith('/api/events/ticket', expect.objectContaining({ method: 'POST', headers: expect.objectContaining({ 'X-Shiftlearn-Token': 'tok en' }) }));
      expect(sources[0].url).toBe('/api/events?ticket=t1');
      sources[0].onmessage!({ data: JSON.stringify(snapshot('first')) });
      expect(seen).toEqual(['first']);

      // Host gone: EventSource gives up; the transport asks for a new ticket with backoff until the host answers.
      sources[0].readyState = 2;
      sources[0].onerror!({});
      expect(sources[0].close).toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1000);
      expect(fetch).toHaveBeenCalledTimes(2);
      expect(sources).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2000);
      expect(sources).toHaveLength(2);
      expect(sources[1].url).toBe('/api/events?ticket=t2');
      sources[1].onmessage!({ data: JSON.stringify(snapshot('back-again')) });
      expect(seen).toEqual(['first', 'back-again']);

      // Host back with a new token: only a page reload can fetch it.
      sources[1].readyState = 2;
      sources[1].onerror!({});
      await vi.advanceTimersByTimeAsync(1000);
      expect(onStaleToken).toHaveBeenCalledTimes(1);
      expect(sources).toHaveLength(2);

      unsubscribe();
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives a late listener the latest snapshot at once and closes the stream when nobody listens', async () => {
    const close = vi.fn();
    const source = { readyState: 1, onmessage: null, onerror: null, close } as EventSourceLike;
    const opened = vi.fn(() => source);
    const t = createHttpTransport({ token: 't', fetch: vi.fn(async () => Response.json({ ticket: 'x' })), openEventSource: opened });
    const first: string[] = [];
    const stopFirst = t.onSnapshot((s) => first.push(s.terminal.station));
    await vi.waitFor(() => expect(opened).toHaveBeenCalled());
    source.onmessage!({ data: JSON.stringify(snapshot('a')) });
    const late: string[] = [];
    const stopLate = t.onSnapshot((s) => late.push(s.terminal.station));
    expect(late).toEqual(['a']);
    stopFirst();
    expect(close).not.toHaveBeenCalled();
    stopLate();
    expect(close).toHaveBeenCalled();
  });
});
