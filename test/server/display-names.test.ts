import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskSnapshot } from '../../common/contracts/kiosk-api';
import { createKioskCore } from '../../electron/core/kiosk-core';
import { kioskConfigSchema } from '../../kiosk-config/schema';
import { useServerCli } from './cli-sandbox';
import { enrollmentCode, eventually, seedPlant, startLiveServer, tempDataDir, type LiveServer } from './kiosk-sync-fixture';

let s: LiveServer;
const dirs: string[] = [];

beforeAll(async () => {
  s = await startLiveServer();
  await seedPlant(s);
  await s.admin('POST', '/api/v1/admin/sites', { id: 'plant-9', name: 'Plant 9' });
  await s.admin('POST', '/api/v1/admin/stations', { siteId: 'plant-9', id: 'dock-1', name: 'Dock 1' });
  // Marta reads Spanish; the plant's station and role have Spanish names
  await s.admin('PUT', '/api/v1/admin/workers', { workers: [{ employeeId: 'E-ES', displayName: 'Marta Ruiz', language: 'es', siteId: 'plant-2', roles: ['operator'], stations: ['press-line-4'] }] });
  await s.admin('PUT', '/api/v1/admin/badges', { badges: [{ badgeId: '7002', employeeId: 'E-ES' }] });
  await s.db.query("INSERT INTO station_requirements (site_id, station_id, lessons) VALUES ('plant-2', 'press-line-4', '{press-guard}') ON CONFLICT DO NOTHING");
});
afterAll(async () => {
  await s.dispose();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function kioskCore() {
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
  await eventually(() => latest.sync?.state === 'online', 'the core to enroll and pull');
  return { core, dataDir, snapshot: () => latest };
}

async function reasonFor(badge: string): Promise<string | undefined> {
  const k = await kioskCore();
  try {
    expect(await k.core.tapBadge(badge)).toMatchObject({ outcome: 'signed-in' });
    return k.snapshot().session?.next?.reason;
  } finally {
    await k.core.close();
  }
}

describe('role and station names per language (issue 13)', () => {
  it('a Spanish-speaking worker reads the station by its Spanish name; an English one by the plant name', async () => {
    expect(await reasonFor('7002')).toContain('Press line 4');

    const put = await s.admin('PUT', '/api/v1/admin/display-names', {
      names: [
        { kind: 'station', siteId: 'plant-2', id: 'press-line-4', language: 'es', name: 'Línea de prensas 4' },
        { kind: 'station', siteId: 'plant-9', id: 'dock-1', language: 'es', name: 'Muelle 1' },
        { kind: 'role', id: 'operator', language: 'es', name: 'operario' },
      ],
    });
    expect(put.status).toBe(200);

    expect(await reasonFor('7002')).toContain('Línea de prensas 4');
    expect(await reasonFor('7001')).toContain('Press line 4');
  });

  it("a terminal gets its own site's station names and the shared role names, never another site's stations", async () => {
    const k = await kioskCore();
    try {
      const db = (await import('better-sqlite3')).default;
      const local = new db(path.join(k.dataDir, 'shiftlearn.db'), { readonly: true });
      try {
        expect(local.prepare('SELECT kind, id, language, name FROM display_names ORDER BY kind, id').all()).toEqual([
          { kind: 'role', id: 'operator', language: 'es', name: 'operario' },
          { kind: 'station', id: 'press-line-4', language: 'es', name: 'Línea de prensas 4' },
        ]);
      } finally {
        local.close();
      }
    } finally {
      await k.core.close();
    }
  });

  it('a removed name reaches terminals: the plant name is shown again', async () => {
    await s.admin('PUT', '/api/v1/admin/display-names', { names: [{ kind: 'station', siteId: 'plant-2', id: 'press-line-4', language: 'es', name: null }] });
    expect(await reasonFor('7002')).toContain('Press line 4');
    const list = await s.admin('GET', '/api/v1/admin/display-names');
    expect(list.body.names.map((n: { id: string }) => n.id).sort()).toEqual(['dock-1', 'operator']);
  });

  it('refuses a station name without its site, and an unknown station, saving nothing', async () => {
    const put = async (body: unknown) => {
      const res = await fetch(`${s.url}/api/v1/admin/display-names`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { message: string } };
    };
    const noSite = await put({ names: [{ kind: 'station', id: 'press-line-4', language: 'es', name: 'X' }] });
    expect(noSite.status).toBe(400);
    expect(noSite.body.message).toMatch(/needs its siteId/);
    const unknown = await put({
      names: [
        { kind: 'role', id: 'welder', language: 'es', name: 'soldador' },
        { kind: 'station', siteId: 'plant-2', id: 'press-line-9', language: 'es', name: 'Y' },
      ],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/plant-2\/press-line-9/);
    const list = await s.admin('GET', '/api/v1/admin/display-names');
    expect(list.body.names.map((n: { id: string }) => n.id)).not.toContain('welder');
  });
});

describe('names import (CLI)', () => {
  const { dir, cli } = useServerCli('names');

  it('imports a names sheet, and a sheet with a bad row changes nothing and names the row', async () => {
    expect((await cli(['create-site', '--id', 'plant-2', '--name', 'Plant 2'])).code).toBe(0);
    expect((await cli(['create-station', '--site', 'plant-2', '--id', 'press-line-4', '--name', 'Press line 4'])).code).toBe(0);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'kind,site,id,language,name\r\nrole,,operator,es,operario\r\nstation,plant-2,press-line-4,Spanish,Línea 4\r\n');
    const refused = await cli(['names', 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/row 3: language/);
    expect((await cli(['names', 'list'])).out.trim()).toBe('');

    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, '\uFEFFkind,site,id,language,name\r\nrole,,operator,es,operario\r\nstation,plant-2,press-line-4,es,Línea de prensas 4\r\n');
    const saved = await cli(['names', 'import', good]);
    expect(saved.code).toBe(0);
    expect((await cli(['names', 'list'])).out).toContain('station  plant-2/press-line-4  es  Línea de prensas 4');
  });
});
