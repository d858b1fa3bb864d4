import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskSnapshot } from '../../common/contracts/kiosk-api';
import { createKioskCore } from '../../electron/core/kiosk-core';
import { findLesson } from '../../electron/core/lessons/lesson-repo';
import { loadRequirements } from '../../electron/core/paths/requirements-repo';
import { findCachedMedia } from '../../electron/core/store/media-cache';
import { listQuarantined, outboxCounts } from '../../electron/core/sync/outbox-repo';
import type { FetchLike } from '../../electron/core/sync/sync-http';
import { enrollmentCodeHash } from '../../electron/core/sync/terminal-identity';
import { kioskConfigSchema } from '../../kiosk-config/schema';
import { hashEnrollmentCode } from '../../server/secrets';
import { FAULTS, startFaultProxy } from './fault-proxy';
import {
  enrollmentCode,
  eventually,
  imageLesson,
  openKiosk,
  recordCompletions,
  seedPlant,
  startLiveServer,
  storedCount,
  tempDataDir,
  uploadMedia,
  type LiveServer,
} from './kiosk-sync-fixture';

let s: LiveServer;
let mediaV1: string;
const dirs: string[] = [];

beforeAll(async () => {
  s = await startLiveServer();
  ({ mediaV1 } = await seedPlant(s));
});
afterAll(async () => {
  await s.dispose();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh kiosk, enrolled and with the roster and lessons pulled. */
async function enrolledKiosk(fetchFn?: FetchLike) {
  const dir = tempDataDir();
  dirs.push(dir);
  const kiosk = openKiosk(dir, s.url, await enrollmentCode(s), fetchFn);
  expect(await kiosk.sync.syncNow()).toBe('ok');
  return { dir, kiosk };
}

describe('kiosk to server over real HTTP', () => {
  it('enrolls, pulls the roster, requirements and a playable lesson with its media', async () => {
    await s.db.query("INSERT INTO role_requirements (role, lessons, skills) VALUES ('operator', '{press-guard}', '{guarding}')");
    await s.db.query(
      "INSERT INTO station_requirements (site_id, station_id, lessons, recert_days, effective_from) VALUES ('plant-2', 'press-line-4', '{press-guard,lockout,alpha}', 90, '2027-03-01')",
    );
    const { kiosk } = await enrolledKiosk();
    const db = kiosk.store.db;
    expect(kiosk.sync.getStatus()).toMatchObject({ state: 'online', queued: 0, detail: null });
    expect(db.prepare("SELECT display_name FROM workers w JOIN badges b ON b.worker_id = w.id WHERE b.badge_id = '7001' AND w.active = 1").pluck().get()).toBe('Ana Lopez');
    expect(findLesson(db, 'press-guard', ['en'])?.version).toBe(1);
    expect(findCachedMedia(db, kiosk.store.dataDir, mediaV1)).not.toBeNull();
    expect(db.prepare("SELECT lesson_id, skill FROM role_requirements WHERE role = 'operator' ORDER BY lesson_id").all()).toEqual([
      { lesson_id: null, skill: 'guarding' },
      { lesson_id: 'press-guard', skill: null },
    ]);
    // Steps in the order the server keeps them, with the requirement's interval and effective date.
    expect(loadRequirements(db).byStation['press-line-4']).toEqual({ lessons: ['press-guard', 'lockout', 'alpha'], skills: [], recertDays: 90, effectiveFrom: '2027-03-01' });
    expect(loadRequirements(db).byRole.operator).toEqual({ lessons: ['press-guard'], skills: ['guarding'], recertDays: null, effectiveFrom: null });
    const credential = db.prepare('SELECT credential FROM terminal_credential').pluck().get() as string;
    expect(JSON.stringify(kiosk.statuses) + JSON.stringify(kiosk.events)).not.toContain(credential);
    await kiosk.close();
  });

  it('1,000 completions recorded while the server is down are each stored exactly once when it is back', async () => {
    const { kiosk } = await enrolledKiosk();
    await s.kill();
    let ids: string[];
    try {
      ids = recordCompletions(kiosk.store, 1000);
      expect(await kiosk.sync.syncNow()).toBe('failed');
      expect(kiosk.sync.getStatus()).toMatchObject({ state: 'offline', queued: 1000 });
      expect(kiosk.sync.getStatus().detail).toMatch(/1000 completion\(s\) are kept/);
    } finally {
      await s.start();
    }
    kiosk.sync.start();
    await eventually(() => outboxCounts(kiosk.store.db).queued === 0, 'the outbox to drain');
    expect(await storedCount(s, ids)).toEqual({ rows: 1000, distinct: 1000 });
    expect(kiosk.sync.getStatus()).toMatchObject({ state: 'online', queued: 0, quarantined: 0 });
    await kiosk.close();
  });

  it('a server killed after storing a batch but before answering: the resend is a no-op, still exactly once', async () => {
    let posts = 0;
    let killedDuringBatch = false;
    let unansweredBatch = 0;
    const trap: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (url.endsWith('/xapi/statements') && ++posts === 2) {
        // the server has stored the second batch to be answered (two are in flight, so on a busy
        // machine it may be the short last one); the process dies before the answer reaches the kiosk
        killedDuringBatch = true;
        unansweredBatch = (JSON.parse(String(init?.body)) as unknown[]).length;
        await s.kill();
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return res;
    };
    const { kiosk } = await enrolledKiosk(trap);
    const ids = recordCompletions(kiosk.store, 1200);
    expect(await kiosk.sync.syncNow()).toBe('failed');
    expect(killedDuringBatch).toBe(true);
    // at least the killed batch is stored at the server while the kiosk still holds it as unsent
    const unacknowledged = outboxCounts(kiosk.store.db).queued;
    const acknowledgedByServer = 1200 - unacknowledged;
    expect(unacknowledged).toBeGreaterThan(0);
    expect((await storedCount(s, ids)).rows - acknowledgedByServer).toBeGreaterThanOrEqual(unansweredBatch);
    expect(unansweredBatch).toBeGreaterThan(0);

    await s.start();
    kiosk.sync.start();
    await eventually(() => outboxCounts(kiosk.store.db).queued === 0, 'the outbox to drain after the restart');
    expect(await storedCount(s, ids)).toEqual({ rows: 1200, distinct: 1200 });
    await kiosk.close();
  });

  it('a kiosk restarted with a non-empty outbox drains it', async () => {
    const { dir, kiosk } = await enrolledKiosk();
    await s.kill();
    const ids = recordCompletions(kiosk.store, 50);
    await kiosk.close();
    await s.start();

    const reopened = openKiosk(dir, s.url, undefined);
    expect(reopened.sync.getStatus().queued).toBe(50);
    reopened.sync.start();
    await eventually(() => outboxCounts(reopened.store.db).queued === 0, 'the reopened outbox to drain');
    expect(await storedCount(s, ids)).toEqual({ rows: 50, distinct: 50 });
    await reopened.close();
  });

  it('one identity: statements carry the server\'s public URL, not the URL this kiosk was configured with', async () => {
    // the kiosk reaches the server at http://127.0.0.1:<port>; the server's public URL is http://learn.test
    const { kiosk } = await enrolledKiosk();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const [id] = recordCompletions(kiosk.store, 1);
    expect(await kiosk.sync.syncNow()).toBe('ok');
    const r = await s.db.query<{ statement: { actor: { account: { homePage: string } }; object: { id: string }; context: { extensions: Record<string, unknown> } }; employee_id: string }>(
      'SELECT statement, employee_id FROM statements WHERE id = $1',
      [id],
    );
    const stored = r.rows[0].statement;
    expect(stored.actor.account.homePage).toBe('http://learn.test');
    expect(stored.object.id).toBe('http://learn.test/activities/lesson/press-guard');
    expect(Object.keys(stored.context.extensions).every((k) => k.startsWith('http://learn.test/xapi/ext/'))).toBe(true);
    expect(r.rows[0].employee_id).toBe('E100');
    await kiosk.close();
  });

  it('quarantines a statement the server holds with different content (409) and sends the rest; a re-queue after the fix stores it once', async () => {
    const { kiosk } = await enrolledKiosk();
    const ids = recordCompletions(kiosk.store, 3);
    // written first by another terminal of the same site (another site's id would answer 404, not 409)
    const clash = { id: ids[1], actor: { account: { homePage: 'http://learn.test', name: 'E100' } }, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' }, object: { id: 'http://learn.test/activities/lesson/press-guard' } };
    const other = await (await fetch(`${s.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await enrollmentCode(s), terminalName: 'second kiosk' }) })).json();
    const res = await fetch(`${s.url}/xapi/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.terminalId}.${other.credential}`, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' },
      body: JSON.stringify(clash),
    });
    expect(res.status).toBe(200);

    expect(await kiosk.sync.syncNow()).toBe('ok');
    expect(kiosk.sync.getStatus()).toMatchObject({ queued: 0, quarantined: 1 });
    const [q] = listQuarantined(kiosk.store.db);
    expect(q.statementId).toBe(ids[1]);
    expect(q.reason).toMatch(/already stored with different content/);
    expect((await storedCount(s, [ids[0], ids[2]])).rows).toBe(2);

    // the refusal is reversible: once the server no longer holds the clash, site IT's re-queue sends it, once
    await s.db.query('DELETE FROM statements WHERE id = $1', [ids[1]]);
    expect(kiosk.sync.requeueQuarantined()).toBe(1);
    expect(kiosk.sync.getStatus()).toMatchObject({ queued: 1, quarantined: 0 });
    expect(await kiosk.sync.syncNow()).toBe('ok');
    expect(outboxCounts(kiosk.store.db)).toEqual({ queued: 0, quarantined: 0 });
    expect(await storedCount(s, ids)).toEqual({ rows: 3, distinct: 3 });
    await kiosk.close();
  });

  it('a revoked terminal stops with an error that says to re-enroll, and keeps its outbox', async () => {
    const { kiosk } = await enrolledKiosk();
    const terminalId = kiosk.store.db.prepare('SELECT terminal_id FROM terminal_credential').pluck().get() as string;
    await s.admin('POST', `/api/v1/admin/terminals/${terminalId}/revoke`);
    recordCompletions(kiosk.store, 5);
    expect(await kiosk.sync.syncNow()).toBe('stopped');
    expect(kiosk.sync.getStatus()).toMatchObject({ state: 'error', queued: 5, detail: expect.stringMatching(/revoked.*re-enroll/) });
    // a restart with the same (spent) code stays in the error state and keeps the statements
    await kiosk.close();
    const again = openKiosk(kiosk.store.dataDir, s.url, undefined);
    expect(await again.sync.syncNow()).toBe('stopped');
    expect(again.sync.getStatus()).toMatchObject({ state: 'error', queued: 5 });
    await again.close();
  });

  it('a wrong enrollment code is an error that says to ask for a new one, asked only once', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    let enrollCalls = 0;
    const counting: FetchLike = (url, init) => {
      if (url.endsWith('/api/v1/enroll')) enrollCalls++;
      return fetch(url, init);
    };
    const kiosk = openKiosk(dir, s.url, 'AAAA-BBBB-CCCC-DDDD', counting);
    expect(await kiosk.sync.syncNow()).toBe('stopped');
    expect(await kiosk.sync.syncNow()).toBe('stopped');
    expect(enrollCalls).toBe(1);
    expect(kiosk.sync.getStatus()).toMatchObject({ state: 'error', detail: expect.stringMatching(/ask site IT for a new enrollment code/) });
    await kiosk.close();
  });

  it('a proxy\'s HTML 400 at enrollment is not the server refusing the code: the kiosk enrolls on its next try', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    let enrollCalls = 0;
    const proxied: FetchLike = (url, init) => {
      if (url.endsWith('/api/v1/enroll') && enrollCalls++ === 0) {
        return Promise.resolve(new Response('<html><body><h1>400 Bad Request</h1><hr>nginx</body></html>', { status: 400, headers: { 'content-type': 'text/html' } }));
      }
      return fetch(url, init);
    };
    const kiosk = openKiosk(dir, s.url, await enrollmentCode(s), proxied);
    expect(await kiosk.sync.syncNow()).toBe('failed');
    expect(await kiosk.sync.syncNow()).toBe('ok');
    expect(enrollCalls).toBe(2);
    expect(kiosk.sync.getStatus()).toMatchObject({ state: 'online' });
    await kiosk.close();
  });

  it.each(['lost-ack', 'truncated'] as const)('an enrollment answer lost after the server committed it (%s): the restarted kiosk enrolls on its next try, as the same terminal, and syncs', async (fault) => {
    const dir = tempDataDir();
    dirs.push(dir);
    const code = await enrollmentCode(s);
    // the proxy's dice: the first request (the enrollment) gets this fault, none after it
    const dice = [0, (FAULTS.indexOf(fault) + 0.5) / FAULTS.length];
    const proxy = await startFaultProxy(() => s.url, { rate: 0.5, random: () => dice.shift() ?? 0.99 });
    proxy.faultsOn = true;
    try {
      const first = openKiosk(dir, proxy.url, code);
      expect(await first.sync.syncNow()).toBe('failed');
      await first.close();
      expect(proxy.counts[fault]).toBe(1);
      const granted = await s.db.query<{ terminal_id: string }>('SELECT terminal_id FROM enrollment_codes WHERE code_hash = $1', [hashEnrollmentCode(code)]);

      const kiosk = openKiosk(dir, proxy.url, code);
      // The request id that lets a retry be answered again is kept with its code until the identity is saved (sealed where the host has a keystore), and deleted then: it bought a credential.
      const pendingRequest = () => kiosk.store.db.prepare("SELECT value FROM sync_state WHERE key = 'enrollment_request'").pluck().get() as string | undefined;
      expect(JSON.parse(pendingRequest()!)).toMatchObject({ codeHash: enrollmentCodeHash(code), requestId: expect.stringMatching(/^[\w-]{43}$/) });
      expect(await kiosk.sync.syncNow()).toBe('ok');
      expect(pendingRequest()).toBeUndefined();
      expect(kiosk.store.db.prepare('SELECT terminal_id FROM terminal_credential').pluck().get()).toBe(granted.rows[0].terminal_id);
      const ids = recordCompletions(kiosk.store, 3);
      expect(await kiosk.sync.syncNow()).toBe('ok');
      expect(kiosk.sync.getStatus()).toMatchObject({ state: 'online', queued: 0 });
      expect(await storedCount(s, ids)).toEqual({ rows: 3, distinct: 3 });
      await kiosk.close();
    } finally {
      await proxy.close();
    }
  });

  it('an interrupted or corrupted media download leaves the old lesson playable; a retry completes', async () => {
    let breakMedia: 'cut' | null = null;
    const flaky: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (breakMedia === 'cut' && url.includes('/api/v1/media/')) {
        const reader = res.body!.getReader();
        const torn = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const { value } = await reader.read();
            if (value) controller.enqueue(value.subarray(0, Math.ceil(value.length / 2)));
            controller.error(new Error('connection reset'));
          },
        });
        return new Response(torn, { status: res.status, headers: res.headers });
      }
      return res;
    };
    const { kiosk } = await enrolledKiosk(flaky);
    const { db, dataDir, mediaDir } = kiosk.store;
    const v2bytes = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><text>v2 ${'x'.repeat(4000)}</text></svg>`);
    const mediaV2 = await uploadMedia(s, v2bytes);
    await s.admin('PUT', '/api/v1/admin/lessons', { lessons: [{ siteId: null, lesson: imageLesson(2, mediaV2) }] });

    breakMedia = 'cut';
    expect(await kiosk.sync.syncNow()).toBe('failed');
    expect(findLesson(db, 'press-guard', ['en'])?.version).toBe(1);
    expect(findCachedMedia(db, dataDir, mediaV1)).not.toBeNull();
    expect(fs.existsSync(path.join(mediaDir, mediaV2))).toBe(false);
    expect(fs.readdirSync(mediaDir).filter((f) => f.endsWith('.part'))).toEqual([]);

    // the server's copy is damaged: the download completes but its hash is wrong
    breakMedia = null;
    await s.db.query('UPDATE media SET bytes = $2 WHERE sha256 = $1', [mediaV2, Buffer.from('damaged')]);
    expect(await kiosk.sync.syncNow()).toBe('failed');
    expect(kiosk.sync.getStatus().detail).toMatch(/could not be downloaded intact/);
    expect(findLesson(db, 'press-guard', ['en'])?.version).toBe(1);
    expect(fs.existsSync(path.join(mediaDir, mediaV2))).toBe(false);

    await s.db.query('UPDATE media SET bytes = $2 WHERE sha256 = $1', [mediaV2, v2bytes]);
    expect(await kiosk.sync.syncNow()).toBe('ok');
    expect(findLesson(db, 'press-guard', ['en'])?.version).toBe(2);
    expect(fs.readFileSync(path.join(mediaDir, mediaV2)).equals(v2bytes)).toBe(true);
    await kiosk.close();
  });

  it('the kiosk core sends a completion right after it is recorded and shows offline with the queued count', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const config = kioskConfigSchema.parse({
      site: { id: 'plant-2', name: 'Plant 2' },
      station: { id: 'press-line-4', name: 'Press line 4' },
      server: { url: s.url, enrollmentCode: await enrollmentCode(s), syncIntervalSeconds: 3600 },
    });
    const core = await createKioskCore({ config, dataDir, sync: { random: () => 0.002 } });
    let latest: KioskSnapshot = await core.getSnapshot();
    core.onSnapshot((snap) => (latest = snap));
    try {
      await eventually(() => latest.sync?.state === 'online', 'the core to enroll and pull');
      expect(await core.tapBadge('7001')).toMatchObject({ outcome: 'signed-in' });
      const first = await core.startLesson('press-guard');
      const receipt = await core.completeLesson({ completionId: first.completionId, lessonId: 'press-guard', answers: [] });
      await eventually(async () => (await storedCount(s, [receipt.completionId])).rows === 1, 'the completion to reach the server');
      await eventually(() => latest.sync?.queued === 0 && latest.sync.lastSyncAt !== null, 'the snapshot to show the sync');

      await s.kill();
      try {
        const second = await core.startLesson('press-guard');
        await core.completeLesson({ completionId: second.completionId, lessonId: 'press-guard', answers: [] });
        await eventually(() => latest.sync?.state === 'offline', 'the snapshot to show offline');
        expect(latest.sync).toMatchObject({ state: 'offline', queued: 1 });
      } finally {
        await s.start();
      }
      await eventually(() => latest.sync?.state === 'online' && latest.sync.queued === 0, 'the reconnect to drain the outbox');
    } finally {
      await core.close();
    }
  });
});
