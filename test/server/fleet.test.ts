import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetResponse, type FleetTerminal } from '../../common/contracts/fleet';
import type { KioskSnapshot } from '../../common/contracts/kiosk-api';
import { appVersion } from '../../electron/core/diagnostics/app-version';
import { createKioskCore } from '../../electron/core/kiosk-core';
import { kioskConfigSchema } from '../../kiosk-config/schema';
import { httpClient } from '../../server/cli/admin-client';
import { ADMIN_COMMANDS } from '../../server/cli/admin-commands';
import { enrollmentCode, eventually, seedPlant, SITE, startLiveServer, STATION, tempDataDir, type LiveServer } from './kiosk-sync-fixture';

/** Fleet status (issue 11): terminals report themselves, admins list them with last seen and a stale flag. Real HTTP throughout. */

let s: LiveServer;
const dirs: string[] = [];
beforeAll(async () => {
  s = await startLiveServer();
  await seedPlant(s);
});
afterAll(async () => {
  await s.dispose();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function enrollTerminal(): Promise<{ id: string; auth: string }> {
  const res = await fetch(`${s.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await enrollmentCode(s), terminalName: 'fleet test' }) });
  const body = (await res.json()) as { terminalId: string; credential: string };
  return { id: body.terminalId, auth: `Bearer ${body.terminalId}.${body.credential}` };
}

const report = {
  appVersion: '1.4.0',
  siteId: SITE,
  stationId: STATION,
  lastSyncAt: '2026-12-01T08:00:00.000Z',
  queued: 3,
  quarantined: 1,
  reader: { mode: 'hid', state: 'disconnected' },
  dataDirFreeBytes: 5_000_000_000,
};

const postStatus = (auth: string | null, body: unknown) =>
  fetch(`${s.url}/api/v1/sync/status`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) });

async function fleet(): Promise<{ staleAfterSeconds: number; terminals: FleetTerminal[] }> {
  const res = await fetch(`${s.url}/api/v1/admin/terminals`, { headers: { authorization: `Bearer ${s.adminToken}` } });
  expect(res.status).toBe(200);
  return fleetResponse.parse(await res.json());
}

/** `npm run server -- terminals` against this server, its output lines. */
async function terminalsCommand(): Promise<string[]> {
  const lines: string[] = [];
  const code = await ADMIN_COMMANDS.terminals({ client: httpClient(s.url, s.adminToken), flags: {}, args: [], readSecret: () => Promise.reject(new Error('no secret asked')), out: (l) => lines.push(l) });
  expect(code).toBe(0);
  return lines;
}

describe('fleet status over real HTTP', () => {
  it('a terminal report is kept (the latest only) and listed for admins with last seen; silence makes it stale; revoked is never stale', async () => {
    const a = await enrollTerminal();
    const b = await enrollTerminal();
    expect((await postStatus(a.auth, report)).status).toBe(204);
    expect((await postStatus(a.auth, { ...report, queued: 0 })).status).toBe(204);

    let view = await fleet();
    expect(view.staleAfterSeconds).toBe(900);
    const listedA = view.terminals.find((t) => t.id === a.id)!;
    expect(listedA).toMatchObject({ siteId: SITE, stationId: STATION, name: 'fleet test', stale: false, revokedAt: null, status: { ...report, queued: 0 } });
    expect(Date.now() - Date.parse(listedA.lastSeenAt!)).toBeLessThan(60_000);
    expect(Date.now() - Date.parse(listedA.status!.receivedAt)).toBeLessThan(60_000);
    // enrolled but never called since: no report, never seen, so stale
    expect(view.terminals.find((t) => t.id === b.id)).toMatchObject({ lastSeenAt: null, stale: true, status: null });

    // 20 minutes of silence
    await s.db.query(`UPDATE terminals SET last_seen_at = now() - interval '20 minutes' WHERE id = $1`, [a.id]);
    view = await fleet();
    expect(view.terminals.find((t) => t.id === a.id)).toMatchObject({ stale: true, status: { quarantined: 1 } });
    // The CLI's terminals command flags the same terminals as the fleet page.
    expect((await terminalsCommand()).find((l) => l.startsWith(a.id))).toMatch(/last seen \S+ {2}STALE \(no contact for over 15 min\)$/);
    await s.admin('POST', `/api/v1/admin/terminals/${a.id}/revoke`);
    view = await fleet();
    expect(view.terminals.find((t) => t.id === a.id)).toMatchObject({ stale: false, revokedAt: expect.any(String) });
    const lines = await terminalsCommand();
    expect(lines.find((l) => l.startsWith(a.id))).toMatch(/REVOKED \S+$/);
    expect(lines.find((l) => l.startsWith(b.id))).toMatch(/last seen never {2}STALE/);
    // and its credential no longer reports
    expect((await postStatus(a.auth, report)).status).toBe(403);
  });

  it('refuses a bad report with 400 naming the field, a missing credential with 401, and the list to non-admins', async () => {
    const t = await enrollTerminal();
    const negative = await postStatus(t.auth, { ...report, queued: -1 });
    expect(negative.status).toBe(400);
    expect(await negative.text()).toContain('queued');
    const extra = await postStatus(t.auth, { ...report, badgeId: '123' });
    expect(extra.status).toBe(400);
    expect(await extra.text()).toContain('badgeId');
    expect((await postStatus(null, report)).status).toBe(401);
    expect((await fetch(`${s.url}/api/v1/admin/terminals`, { headers: { authorization: t.auth } })).status).toBe(401);
  });

  it('the OpenAPI document describes both routes with their schemas', async () => {
    const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown>; tags?: string[] }>> };
    expect(doc.paths['/api/v1/sync/status'].post.tags).toEqual(['terminal']);
    expect(JSON.stringify(doc.paths['/api/v1/sync/status'].post.requestBody)).toContain('dataDirFreeBytes');
    expect(doc.paths['/api/v1/admin/terminals'].get.tags).toEqual(['admin']);
    expect(JSON.stringify(doc.paths['/api/v1/admin/terminals'].get.responses)).toContain('staleAfterSeconds');
  });
});

describe('kiosk to server', () => {
  it('a real kiosk core reports its version, place, sync, queue, refused count, reader and free disk; the admin list shows them', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const config = kioskConfigSchema.parse({
      site: { id: SITE, name: 'Plant 2' },
      station: { id: STATION, name: 'Press line 4' },
      server: { url: s.url, enrollmentCode: await enrollmentCode(s), syncIntervalSeconds: 3600 },
    });
    const core = await createKioskCore({ config, dataDir, sync: { random: () => 0.002 }, diagnostics: { statfs: async () => ({ bavail: 1000, bsize: 4096, blocks: 5000 }) } });
    let latest: KioskSnapshot = await core.getSnapshot();
    core.onSnapshot((snap) => (latest = snap));
    try {
      await eventually(() => latest.sync?.state === 'online', 'the core to enroll and pull');
      const ours = (t: FleetTerminal) => t.name === 'Plant 2 / Press line 4' && t.status !== null;
      await eventually(async () => (await fleet()).terminals.some(ours), 'the status report');
      const listed = (await fleet()).terminals.find(ours)!;
      expect(listed).toMatchObject({
        stale: false,
        status: {
          appVersion: appVersion(),
          siteId: SITE,
          stationId: STATION,
          queued: 0,
          quarantined: 0,
          reader: { mode: 'wedge', state: 'listening' },
          dataDirFreeBytes: 1000 * 4096,
        },
      });
      expect(listed.status!.lastSyncAt).toBe(latest.sync!.lastSyncAt);
    } finally {
      await core.close();
    }
  });
});
