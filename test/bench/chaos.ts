/**
 * Chaos benchmark (issue 11): a real server process and a real kiosk process, a fault proxy between
 * them failing ~30% of requests (lost ack after commit, HTML 400, truncated body, reset, delay), and
 * N kill -9s alternating between server and kiosk while the kiosk records completions. Then the
 * faults stop and it measures how long the backlog takes to drain. Prints completions acknowledged /
 * on server / lost / doubled / quarantined / stuck and the drain seconds after the last fault.
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:chaos [-- --kills 20 --seconds 60]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createAdminToken } from '../../server/admin';
import { openDb } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';
import { startFaultProxy } from '../server/fault-proxy';
import { prng } from './prng';

const root = path.resolve(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

function startProcess(script: string, args: string[], onLine: (line: string) => void): ChildProcess {
  // node with the tsx loader in-process (not the tsx CLI, which forks): SIGKILL must hit the real process
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'bench', script), ...args], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr!.on('data', (chunk: Buffer) => process.env.CHAOS_DEBUG && process.stderr.write(chunk));
  if (process.env.CHAOS_DEBUG) child.on('exit', (code, signal) => console.error(`${script} exited ${code ?? signal}`));
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kills: { type: 'string', default: '20' }, seconds: { type: 'string', default: '60' }, rate: { type: 'string', default: '0.3' } } });
  const kills = Number(values.kills);
  const seconds = Number(values.seconds);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('bench:chaos needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (server processes are killed and restarted on one database)');

  const schema = `chaos_${randomBytes(4).toString('hex')}`;
  const db = await openDb({ databaseUrl, schema, poolSize: 2 });
  await migrate(db);
  const { token } = await createAdminToken(db, 'bench:chaos');
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-chaos-'));

  let server: ChildProcess | null = null;
  const startServer = () =>
    new Promise<void>((resolve) => {
      server = startProcess('chaos-server.ts', ['--port', String(port), '--schema', schema], (line) => line === 'ready' && resolve());
    });
  const acked = new Set<string>();
  let kiosk: ChildProcess | null = null;
  let kioskReady: Promise<void> = Promise.resolve();
  const startKiosk = (code?: string) => {
    let ready = () => {};
    kioskReady = new Promise<void>((resolve) => (ready = resolve));
    kiosk = startProcess('chaos-kiosk.ts', ['--data-dir', dataDir, '--server', proxy.url, '--every-ms', '40', ...(code ? ['--code', code] : [])], (line) => {
      if (line.startsWith('ack ')) acked.add(line.slice(4));
      else if (line === 'ready') ready();
    });
  };
  const kill = (p: ChildProcess | null) =>
    new Promise<void>((resolve) => {
      // a child that already died by a signal has exitCode null: its 'exit' will not come again
      if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });

  const admin = async (method: string, url: string, body: unknown) => {
    const res = await fetch(`${serverUrl}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  const proxy = await startFaultProxy(() => serverUrl, { rate: Number(values.rate), random: prng(2026) });
  try {
    await startServer();
    await admin('POST', '/api/v1/admin/sites', { id: 'plant-2', name: 'Plant 2' });
    await admin('POST', '/api/v1/admin/stations', { siteId: 'plant-2', id: 'press-line-4', name: 'Press line 4' });
    await admin('PUT', '/api/v1/admin/workers', { workers: [{ employeeId: 'E100', displayName: 'Ana Lopez', language: 'en', siteId: 'plant-2', roles: ['operator'], stations: ['press-line-4'] }] });
    await admin('PUT', '/api/v1/admin/lessons', { lessons: [{ siteId: null, lesson: { id: 'press-guard', version: 1, language: 'en', title: 'Press guard', durationMinutes: 2, cards: [{ kind: 'text', id: 'c1', markdown: 'Guard' }] } }] });
    const { code } = (await admin('POST', '/api/v1/admin/enrollment-codes', { siteId: 'plant-2', stationId: 'press-line-4' })) as { code: string };

    startKiosk(code);
    while (acked.size === 0) await sleep(100);
    proxy.faultsOn = true;
    const random = prng(99);
    const gap = (seconds * 1000) / kills;
    let serverKills = 0;
    let kioskKills = 0;
    for (let k = 0; k < kills; k++) {
      await sleep(gap * (0.5 + random()));
      if (k % 2 === 0) {
        await kill(server);
        serverKills++;
        await sleep(500 + random() * 1500);
        await startServer();
      } else {
        await kill(kiosk);
        kioskKills++;
        await sleep(200 + random() * 800);
        startKiosk();
      }
    }
    await sleep(2000);
    proxy.faultsOn = false;
    const lastFault = Date.now();
    // end of shift: the kiosk stops recording (and keeps syncing), so the backlog is what was acknowledged
    // a kiosk restarted moments ago may still be loading: SIGUSR2 before its handler would end it
    await kioskReady;
    kiosk!.kill('SIGUSR2');
    await sleep(300);

    const kioskDb = () => new Database(path.join(dataDir, 'shiftlearn.db'), { readonly: true, fileMustExist: true });
    const outbox = () => {
      const d = kioskDb();
      try {
        return d.prepare('SELECT count(*) FILTER (WHERE quarantined_reason IS NULL) AS queued, count(*) FILTER (WHERE quarantined_reason IS NOT NULL) AS quarantined FROM outbox').get() as { queued: number; quarantined: number };
      } finally {
        d.close();
      }
    };
    const onServer = async (ids: string[]) =>
      (await db.query<{ rows: number; distinct: number }>('SELECT count(*)::int AS rows, count(DISTINCT id)::int AS distinct FROM statements WHERE id = ANY($1::uuid[])', [ids])).rows[0];
    let drainSeconds = NaN;
    const until = Date.now() + 180_000;
    while (Date.now() < until) {
      const ids = [...acked];
      if ((await onServer(ids)).distinct === ids.length && outbox().queued === 0) {
        drainSeconds = (Date.now() - lastFault) / 1000;
        break;
      }
      await sleep(100);
    }
    const ids = [...acked];
    const stored = await onServer(ids);
    const left = outbox();
    await kill(kiosk);
    const total = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM statements')).rows[0].n;
    const figures = {
      serverKills,
      kioskKills,
      faultRate: Number(values.rate),
      faults: proxy.counts,
      acknowledged: ids.length,
      onServer: stored.distinct,
      lost: ids.length - stored.distinct,
      doubled: stored.rows - stored.distinct,
      quarantined: left.quarantined,
      stuck: left.queued,
      storedNotAcknowledged: total - stored.distinct,
      drainSecondsAfterLastFault: drainSeconds,
    };
    console.log(`bench:chaos  ${serverKills} server kills + ${kioskKills} kiosk kills (SIGKILL), fault proxy at ${Math.round(figures.faultRate * 100)}%`);
    console.log(`  completions acknowledged ${figures.acknowledged} | on server ${figures.onServer} | lost ${figures.lost} | doubled ${figures.doubled} | quarantined ${figures.quarantined} | stuck ${figures.stuck}`);
    console.log(`  drain after the last fault: ${Number.isNaN(drainSeconds) ? 'NOT DRAINED within 180 s' : `${drainSeconds.toFixed(1)} s`}`);
    console.log(`  stored but never acknowledged (kiosk killed between commit and answer): ${figures.storedNotAcknowledged}; faults injected ${JSON.stringify(proxy.counts)}`);
    if (figures.lost > 0 || figures.doubled > 0 || Number.isNaN(drainSeconds)) process.exitCode = 1;
  } finally {
    await kill(kiosk);
    await kill(server);
    await proxy.close();
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
