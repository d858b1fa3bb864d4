import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChaosKiosk } from './chaos-kiosk-process';
import { tempDataDir } from './kiosk-sync-fixture';

/**
 * The bench's kiosk process is what fault-suite's kill -9 test and `npm run bench:chaos` measure the
 * drain with: after SIGUSR2 (end of shift) it must go on syncing until it is killed, or a backlog
 * left by the last faults stays in its outbox and the drain never ends.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('chaos kiosk process', () => {
  it('after SIGUSR2 it stops recording and keeps trying to reach a server that is down', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    // the server down behind its reverse proxy: every request is answered 502, so each attempt fails and a retry is scheduled
    let requests = 0;
    const dead = http.createServer((_req, res) => {
      requests++;
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(dead.address() as net.AddressInfo).port}`;

    let onReady = () => {};
    const ready = new Promise<void>((resolve) => (onReady = resolve));
    const kiosk = spawnChaosKiosk(['--data-dir', dir, '--server', url, '--code', 'ABCD-EFGH', '--every-ms', '1000'], (line) => line === 'ready' && onReady());
    const exited = new Promise<string>((resolve) => kiosk.once('exit', (code, signal) => resolve(`the kiosk exited (${code ?? signal}) with ${requests} request(s) made`)));
    try {
      await Promise.race([ready, exited.then((why) => Promise.reject(new Error(why)))]);
      kiosk.kill('SIGUSR2');
      const after = requests;
      // probes back off to at most 5 s (PROBE_BACKOFF), so three more come within seconds;
      // the limit only ends a failing run
      const retried = new Promise<string>((resolve) => {
        const poll = setInterval(() => requests >= after + 3 && (clearInterval(poll), resolve('retried')), 20);
        setTimeout(() => (clearInterval(poll), resolve('no retry within 60 s')), 60_000).unref();
      });
      expect(await Promise.race([retried, exited])).toBe('retried');
    } finally {
      if (kiosk.exitCode === null && kiosk.signalCode === null) {
        const gone = new Promise((resolve) => kiosk.once('exit', resolve));
        kiosk.kill('SIGKILL');
        await gone;
      }
      await new Promise((resolve) => dead.close(resolve));
    }
  }, 90_000);
});
