import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../electron/web-host/server';
import { fakeCore } from './fake-core';

const videoSha = 'a'.repeat(64);
const videoBytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

let tmp: string;
let rendererDir: string;
let host: WebHost;
let fake: ReturnType<typeof fakeCore>;

beforeEach(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-webhost-'));
  rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Shiftlearn</title></head><body></body></html>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'do not serve');
  fs.writeFileSync(path.join(tmp, 'video.mp4'), videoBytes);
  fake = fakeCore({ media: { [videoSha]: { path: path.join(tmp, 'video.mp4'), type: 'video/mp4' } } });
  host = await startWebHost({ core: fake.core, port: 0, rendererDir, token: 'test-token' });
});

afterEach(async () => {
  await host.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json(): any;
}

function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: unknown; on?: WebHost }): Promise<Reply> {
  const { port } = opts.on ?? host;
  return new Promise((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${port}`, ...(payload ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body.toString()) });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Opens a request that may stay open (an event stream), returns its status and hangs up. */
function streamStatus(p: string, headers: Record<string, string> = {}, on: WebHost = host): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: on.port, path: p, headers: { host: `127.0.0.1:${on.port}`, ...headers } }, (res) => {
      resolve(res.statusCode!);
      req.destroy();
    });
    req.on('error', reject);
  });
}

async function streamTicket(on: WebHost = host): Promise<string> {
  const reply = await request({ method: 'POST', path: '/api/events/ticket', headers: { 'x-shiftlearn-token': 'test-token' }, on });
  expect(reply.status).toBe(200);
  return reply.json().ticket;
}

const call = (name: string, args: unknown[], token = 'test-token') =>
  request({ method: 'POST', path: `/api/call/${name}`, headers: { 'x-shiftlearn-token': token }, body: { args } });

describe('web host: who may talk to it', () => {
  it('binds 127.0.0.1 only', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const connected = await new Promise<boolean>((resolve) => {
        const socket = net.connect(host.port, external.address, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      expect(connected).toBe(false);
    }
  });

  it('refuses a request whose Host header names another host (DNS rebinding)', async () => {
    const reply = await request({ path: '/', headers: { host: `evil.example:${host.port}` } });
    expect(reply.status).toBe(403);
    const wrongPort = await request({ path: '/', headers: { host: '127.0.0.1:1' } });
    expect(wrongPort.status).toBe(403);
  });

  it('accepts localhost:<port> as well as 127.0.0.1:<port>', async () => {
    const reply = await request({ path: '/', headers: { host: `localhost:${host.port}` } });
    expect(reply.status).toBe(200);
  });

  it('refuses API calls without the token or with a wrong one', async () => {
    const missing = await request({ method: 'POST', path: '/api/call/signOut', body: { args: [] } });
    expect(missing.status).toBe(403);
    const wrong = await call('signOut', [], 'guess');
    expect(wrong.status).toBe(403);
    expect(fake.calls).toEqual([]);
  });

  it('keeps the token out of the event stream URL: a one-time ticket (or the token header) opens it', async () => {
    expect(await streamStatus('/api/events?token=test-token')).toBe(403);
    expect(await streamStatus('/api/events?token=nope')).toBe(403);
    expect((await request({ method: 'POST', path: '/api/events/ticket' })).status).toBe(403);
    const ticket = await streamTicket();
    expect(ticket).not.toContain('test-token');
    expect(await streamStatus(`/api/events?ticket=${ticket}`)).toBe(200);
    const reused = await request({ path: `/api/events?ticket=${ticket}` });
    expect(reused.status).toBe(403);
    expect(reused.json().message).toMatch(/Missing, used or expired stream ticket\. Ask for a new one with POST \/api\/events\/ticket/);
    expect(await streamStatus('/api/events?ticket=made-up')).toBe(403);
    expect(await streamStatus('/api/events', { 'x-shiftlearn-token': 'test-token' })).toBe(200);
  });

  it('lets a stream ticket expire unused after 30 seconds', async () => {
    let now = 1_000_000;
    const clocked = await startWebHost({ core: fake.core, port: 0, rendererDir, token: 'test-token', now: () => now });
    try {
      const fresh = await streamTicket(clocked);
      const stale = await streamTicket(clocked);
      now += 29_000;
      expect(await streamStatus(`/api/events?ticket=${fresh}`, {}, clocked)).toBe(200);
      now += 2_000;
      expect(await streamStatus(`/api/events?ticket=${stale}`, {}, clocked)).toBe(403);
    } finally {
      await clocked.close();
    }
  });
});

describe('web host: kiosk calls', () => {
  it('dispatches a valid call to the core and returns its result', async () => {
    const reply = await call('tapBadge', ['1001']);
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ result: { outcome: 'signed-in', workerId: 'w1' } });
    expect(fake.calls).toEqual([{ name: 'tapBadge', args: ['1001'] }]);
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown call name with 404 naming the known calls', async () => {
    const reply = await call('dropDatabase', []);
    expect(reply.status).toBe(404);
    expect(reply.json().message).toMatch(/Unknown kiosk call "dropDatabase".*tapBadge/);
    expect((await call('%E0%A4%A', [])).status).toBe(404);
    expect((await call('__proto__', [])).status).toBe(404);
  });

  it('rejects bad arguments with 400 naming the problem, without calling the core', async () => {
    const reply = await call('tapBadge', ['x'.repeat(600)]);
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({ code: 'bad-request' });
    expect(reply.json().message).toMatch(/tapBadge.*args\[0\]/);
    const missing = await call('startLesson', []);
    expect(missing.status).toBe(400);
    expect(fake.calls).toEqual([]);
  });

  it('rejects a body that is not JSON', async () => {
    const reply = await new Promise<number>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/call/signOut', headers: { host: `127.0.0.1:${host.port}`, 'x-shiftlearn-token': 'test-token' } },
        (res) => resolve(res.statusCode!),
      );
      req.end('{not json');
    });
    expect(reply).toBe(400);
  });

  it('passes a core error through as a KioskCallError with a matching status', async () => {
    const reply = await call('startLesson', ['missing-lesson']);
    expect(reply.status).toBe(404);
    expect(reply.json()).toEqual({ code: 'not-found', message: 'Lesson missing-lesson is not in the local store.' });
  });
});

describe('web host: snapshots over Server-Sent Events', () => {
  it('sends the current snapshot first, then every pushed one, and unsubscribes on disconnect', async () => {
    const events: any[] = [];
    const req = http.get({
      host: '127.0.0.1',
      port: host.port,
      path: `/api/events?ticket=${await streamTicket()}`,
      headers: { host: `127.0.0.1:${host.port}` },
    });
    const done = new Promise<http.IncomingMessage>((resolve) => {
      req.on('response', (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) events.push(JSON.parse(data.slice(6)));
            if (events.length === 1) fake.push('station-b');
            if (events.length === 2) resolve(res);
          }
        });
      });
    });
    const res = await done;
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(events.map((e) => e.terminal.station)).toEqual(['press-line-4', 'station-b']);
    req.destroy();
    await expect.poll(() => fake.listenerCount()).toBe(0);
  });
});

describe('web host: files', () => {
  it('serves index.html with the token meta, no-store and the strict CSP', async () => {
    const reply = await request({ path: '/' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body.toString()).toContain('<meta name="shiftlearn-token" content="test-token">');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content type', async () => {
    const reply = await request({ path: '/assets/app.js' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.body.toString()).toBe('console.log("app")');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e%5c..%5csecret.txt', '/assets'])(
    'refuses %s',
    async (p) => {
      const reply = await request({ path: p });
      expect(reply.status).toBe(404);
      expect(reply.body.toString()).not.toContain('do not serve');
    },
  );

  it('serves media by hash with its type, whole or by byte range', async () => {
    const whole = await request({ path: `/media/${videoSha}` });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.equals(videoBytes)).toBe(true);

    const part = await request({ path: `/media/${videoSha}`, headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/1000');
    expect(part.body.equals(videoBytes.subarray(100, 200))).toBe(true);

    const tail = await request({ path: `/media/${videoSha}`, headers: { range: 'bytes=-10' } });
    expect(tail.body.equals(videoBytes.subarray(990))).toBe(true);

    const beyond = await request({ path: `/media/${videoSha}`, headers: { range: 'bytes=5000-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe('bytes */1000');
  });

  it('answers 404 for media not in the cache or not named by a hash', async () => {
    expect((await request({ path: `/media/${'b'.repeat(64)}` })).status).toBe(404);
    expect((await request({ path: '/media/..%2fsecret.txt' })).status).toBe(404);
  });
});
