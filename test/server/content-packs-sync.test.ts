import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLesson } from '../../electron/core/lessons/lesson-repo';
import { findCachedMedia } from '../../electron/core/store/media-cache';
import { openStore, type Store } from '../../electron/core/store/open-store';
import { SyncService } from '../../electron/core/sync/sync-service';
import { buildPack } from '../../content-pack/pack';
import { publishPack } from '../../content-pack/publish';
import { DIAGRAM_SVG, goodLibrary, lessonFile, writeContentFolder } from '../unit/content/fixtures';
import { newCode, seedSite, startTestServer, type TestServer } from './helpers';

/**
 * A published pack reaching a terminal through the kiosk's real sync client: the lesson waits until
 * its media is in the cache, a download whose bytes do not match the hash is refused (nothing is
 * cached under that hash) and fetched again on the next cycle, and a new version published later
 * replaces the old one on the terminal.
 */

let s: TestServer;
let url: string;
let store: Store;
let sync: SyncService;
const dirs: string[] = [];
/** Media downloads still to be damaged in transit (one byte flipped). */
let damageNextDownloads = 0;
const events: string[] = [];

const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

async function flakyFetch(input: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (!input.includes('/api/v1/media/') || damageNextDownloads === 0 || !res.ok) return res;
  damageNextDownloads--;
  const bytes = new Uint8Array(await res.arrayBuffer());
  bytes[0] ^= 0xff;
  return new Response(bytes, { status: res.status, headers: res.headers });
}

beforeAll(async () => {
  s = await startTestServer();
  url = await s.app.listen({ port: 0, host: '127.0.0.1' });
  await seedSite(s, 'plant-2', ['press-line-4']);
  const dataDir = tempDir('shiftlearn-sync-');
  store = openStore(dataDir);
  sync = new SyncService({
    db: store.db,
    dataDir,
    mediaDir: store.mediaDir,
    server: { url, enrollmentCode: await newCode(s, 'plant-2', 'press-line-4'), syncIntervalSeconds: 3600 },
    terminalName: 'press-line-4 kiosk',
    now: () => new Date(),
    onStatus: () => undefined,
    onEvent: (kind, detail) => events.push(`${kind}: ${detail}`),
    fetch: flakyFetch,
  });
});
afterAll(async () => {
  await sync.stop();
  store.close();
  await s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function contentFolder(files: Record<string, string>): string {
  const dir = writeContentFolder(files);
  dirs.push(dir);
  return dir;
}

describe('a published pack on a terminal', () => {
  it('refuses a media download that does not match its hash, keeps the lesson waiting, and gets it right on the retry', async () => {
    const pack = buildPack(contentFolder(goodLibrary()));
    await publishPack(pack, { serverUrl: url, adminToken: s.adminToken });
    const hash = pack.manifest.media[0].sha256;

    damageNextDownloads = 1;
    await sync.syncNow();
    expect(damageNextDownloads).toBe(0);
    expect(findCachedMedia(store.db, store.dataDir, hash)).toBeNull();
    expect(fs.readdirSync(store.mediaDir)).not.toContain(hash);
    expect(findLesson(store.db, 'demo', ['es'])).toBeNull();

    await sync.syncNow();
    const cached = findCachedMedia(store.db, store.dataDir, hash);
    expect(cached).not.toBeNull();
    expect(fs.readFileSync(cached!.path, 'utf8')).toBe(DIAGRAM_SVG);
    const es = findLesson(store.db, 'demo', ['es']);
    expect(es).toMatchObject({ version: 1, title: 'Lección de prueba' });
  });

  it('replaces the lesson with a new published version at the next sync', async () => {
    const content = contentFolder({
      ...goodLibrary(),
      'lessons/area/demo.es.md': lessonFile({ language: 'es', fields: { title: 'Lección de prueba, segunda versión', version: '2' } }),
    });
    const summary = await publishPack(buildPack(content), { serverUrl: url, adminToken: s.adminToken });
    expect(summary.changed).toBe(1);
    await sync.syncNow();
    expect(findLesson(store.db, 'demo', ['es'])).toMatchObject({ version: 2, title: 'Lección de prueba, segunda versión' });
    expect(findLesson(store.db, 'demo', ['en'])).toMatchObject({ version: 1 });
  });
});
