import http from 'node:http';
import type net from 'node:net';

/**
 * An HTTP proxy that breaks a share of requests the way networks and middleboxes do, between a
 * kiosk and a server (issue 11's fault suite and `npm run bench:chaos`). Each request, when faults
 * are on, gets one fault with probability `rate`; statements listed in `poison` are always answered
 * with a 500 while faults are on (a statement the server keeps failing on).
 */
export type Fault = 'lost-ack' | 'html-400' | 'truncated' | 'reset' | 'delay';
export const FAULTS: Fault[] = ['lost-ack', 'html-400', 'truncated', 'reset', 'delay'];

export interface FaultProxy {
  url: string;
  faultsOn: boolean;
  poison: Set<string>;
  counts: Record<Fault | 'poison-500' | 'passed', number>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: () => string, opts: { rate: number; random: () => number; delayMs?: number }): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  const counts: FaultProxy['counts'] = { 'lost-ack': 0, 'html-400': 0, truncated: 0, reset: 0, delay: 0, 'poison-500': 0, passed: 0 };
  const forward = (req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const { host: _host, connection: _connection, ...headers } = req.headers;
      const upstream = http.request(`${target()}${req.url}`, { method: req.method, headers: { ...headers, connection: 'close' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });

  const proxy: FaultProxy = {
    url: '',
    faultsOn: false,
    poison: new Set(),
    counts,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      let fault: Fault | null = null;
      if (proxy.faultsOn && req.method === 'POST' && [...proxy.poison].some((id) => text.includes(id))) {
        counts['poison-500']++;
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal', message: 'the server failed to handle this request' }));
        return;
      }
      if (proxy.faultsOn && opts.random() < opts.rate) fault = FAULTS[Math.floor(opts.random() * FAULTS.length)];
      counts[fault ?? 'passed']++;
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'html-400') return void res.writeHead(400, { 'content-type': 'text/html' }).end('<html><body><h1>400 Bad Request</h1><hr>nginx</body></html>');
      if (fault === 'delay') await new Promise((r) => setTimeout(r, opts.delayMs ?? 150));
      let answer;
      try {
        answer = await forward(req, body);
      } catch {
        return void req.socket.destroy();
      }
      // the server did the work (and committed); the answer never arrives
      if (fault === 'lost-ack') return void req.socket.destroy();
      const headers = { 'content-type': answer.headers['content-type'] ?? 'application/octet-stream', 'content-length': String(answer.body.length) };
      if (fault === 'truncated') {
        res.writeHead(answer.status, headers);
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        return void setImmediate(() => req.socket.destroy());
      }
      res.writeHead(answer.status, headers).end(answer.body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return proxy;
}
