import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { SyncStatus } from '../../common/contracts/kiosk-api';
import { writeCompletion } from '../../electron/core/completions/completion-writer';
import { openStore, type Store } from '../../electron/core/store/open-store';
import { SyncService } from '../../electron/core/sync/sync-service';
import type { FetchLike } from '../../electron/core/sync/sync-http';
import { createAdminToken } from '../../server/admin';
import { buildApp } from '../../server/app';
import type { Db } from '../../server/db/db';
import { openTestDb } from './helpers';

/**
 * A real server on 127.0.0.1 that can be stopped and started again on the same port with the same
 * database (a server process restart), and kiosk stores that talk to it over real HTTP.
 */
export interface LiveServer {
  db: Db;
  url: string;
  adminToken: string;
  running(): boolean;
  start(): Promise<void>;
  /** Drops open connections at once, like a killed process; the database survives. */
  kill(): Promise<void>;
  admin(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, contentType?: string): Promise<{ status: number; body: any }>;
  dispose(): Promise<void>;
}

/**
 * The kiosk talks to a fixed port where a small TCP relay forwards to whichever server process is
 * running; with none running, connections are cut at once, as with a dead server. (Restarting the
 * server on its own freed port could race another process on a shared machine for that port.)
 */
async function startRelay(backendPort: () => number | null): Promise<{ url: string; close(): Promise<void> }> {
  const open = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    const port = backendPort();
    if (port === null) return void client.destroy();
    const upstream = net.connect(port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`,
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}

export async function startLiveServer(): Promise<LiveServer> {
  const { db, dispose } = await openTestDb();
  const { token } = await createAdminToken(db, 'kiosk-sync tests');
  let app: FastifyInstance | null = null;
  const relay = await startRelay(() => (app ? (app.server.address() as net.AddressInfo).port : null));
  const live: LiveServer = {
    db,
    url: relay.url,
    adminToken: token,
    running: () => app !== null,
    async start() {
      const next = await buildApp({ db, serverUrl: 'http://learn.test' });
      await next.listen({ host: '127.0.0.1', port: 0 });
      app = next;
    },
    async kill() {
      const current = app;
      app = null;
      if (!current) return;
      current.server.closeAllConnections();
      await current.close();
    },
    async admin(method, url, body, contentType = 'application/json') {
      const res = await fetch(`${live.url}${url}`, {
        method,
        headers: body === undefined ? { authorization: `Bearer ${token}` } : { authorization: `Bearer ${token}`, 'content-type': contentType },
        body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`admin ${method} ${url}: ${res.status} ${text}`);
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async dispose() {
      await live.kill();
      await relay.close();
      await dispose();
    },
  };
  await live.start();
  return live;
}

export const SITE = 'plant-2';
export const STATION = 'press-line-4';
export const EMPLOYEE = 'E100';

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function imageLesson(version: number, media: string) {
  return { id: 'press-guard', version, language: 'en', title: `Press guard v${version}`, durationMinutes: 2, cards: [{ kind: 'image', id: 'c1', media, alt: 'The press guard' }] };
}

export async function uploadMedia(s: LiveServer, bytes: Buffer): Promise<string> {
  const hash = sha256(bytes);
  await s.admin('PUT', `/api/v1/admin/media/${hash}`, bytes, 'image/svg+xml');
  return hash;
}

/** Site, station, one worker with a badge, and a one-image lesson. */
export async function seedPlant(s: LiveServer): Promise<{ mediaV1: string }> {
  await s.admin('POST', '/api/v1/admin/sites', { id: SITE, name: 'Plant 2' });
  await s.admin('POST', '/api/v1/admin/stations', { siteId: SITE, id: STATION, name: 'Press line 4' });
  await s.admin('PUT', '/api/v1/admin/workers', { workers: [{ employeeId: EMPLOYEE, displayName: 'Ana Lopez', language: 'en', siteId: SITE, roles: ['operator'], stations: [STATION] }] });
  await s.admin('PUT', '/api/v1/admin/badges', { badges: [{ badgeId: '7001', employeeId: EMPLOYEE }] });
  const mediaV1 = await uploadMedia(s, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>v1</text></svg>'));
  await s.admin('PUT', '/api/v1/admin/lessons', { lessons: [{ siteId: null, lesson: imageLesson(1, mediaV1) }] });
  return { mediaV1 };
}

export async function enrollmentCode(s: LiveServer): Promise<string> {
  return (await s.admin('POST', '/api/v1/admin/enrollment-codes', { siteId: SITE, stationId: STATION })).body.code;
}

export interface Kiosk {
  store: Store;
  sync: SyncService;
  statuses: SyncStatus[];
  events: { kind: string; detail: string }[];
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-sync-'));
}

/** A kiosk store with its sync service (not started: tests drive cycles with syncNow or start()). */
export function openKiosk(dataDir: string, serverUrl: string, code: string | undefined, fetchFn?: FetchLike, random: () => number = () => 0.002): Kiosk {
  const store = openStore(dataDir);
  const statuses: SyncStatus[] = [];
  const events: { kind: string; detail: string }[] = [];
  const sync = new SyncService({
    db: store.db,
    dataDir,
    mediaDir: store.mediaDir,
    server: { url: serverUrl, enrollmentCode: code, syncIntervalSeconds: 3600 },
    terminalName: 'Press line 4 kiosk',
    now: () => new Date(),
    onStatus: (st) => statuses.push(st),
    onEvent: (kind, detail) => events.push({ kind, detail }),
    // by default a small share of the backoff ceiling, so a test waiting for the reconnect is not slowed by real backoff
    random,
    fetch: fetchFn,
  });
  return {
    store,
    sync,
    statuses,
    events,
    close: async () => {
      await sync.stop();
      store.close();
    },
  };
}

/** Completions as the kiosk core records them (completion + outbox row in one transaction). Returns their ids. */
export function recordCompletions(store: Store, count: number, lessonVersion = 1, workerId = EMPLOYEE): string[] {
  const ids: string[] = [];
  const base = Date.parse('2026-11-25T08:00:00.000Z');
  store.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      ids.push(id);
      const completedAt = new Date(base + ids.length * 1000);
      writeCompletion(store.db, {
        id,
        workerId,
        lessonId: 'press-guard',
        lessonVersion,
        language: 'en',
        score: null,
        passed: null,
        durationMs: 60_000 + i,
        answers: [],
        startedAt: new Date(completedAt.getTime() - 60_000),
        completedAt,
        siteId: SITE,
        stationId: STATION,
      });
    }
  })();
  return ids;
}

export async function storedCount(s: LiveServer, ids: string[]): Promise<{ rows: number; distinct: number }> {
  const r = await s.db.query<{ rows: number; distinct: number }>(
    'SELECT count(*)::int AS rows, count(DISTINCT id)::int AS distinct FROM statements WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return r.rows[0];
}

/** Polls until `check` holds; the limit only guards against a hang, it is not what the test measures. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
