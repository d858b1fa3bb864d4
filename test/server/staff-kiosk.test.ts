import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KioskCoreHandle } from '../../common/contracts/kiosk-api';
import { pinMatches } from '../../common/staff/pin-hash';
import { createKioskCore } from '../../electron/core/kiosk-core';
import { createUser } from '../../server/dashboard/users';
import { loadPinPepper } from '../../electron/core/secrets/pin-pepper';
import { openStore } from '../../electron/core/store/open-store';
import { kioskConfigSchema } from '../../kiosk-config/schema';
import { enrollmentCode, openKiosk, SITE, STATION, startLiveServer, tempDataDir, type LiveServer } from './kiosk-sync-fixture';

/**
 * A real (non-demo) site end to end: HR roster with a supervisor flag and an IT worker, PINs set on
 * the server, the terminal syncs over real HTTP, and the kiosk core then lets exactly those people in.
 */

let live: LiveServer;
const dataDir = tempDataDir();
let code: string;
const clock = { now: new Date('2026-11-25T09:00:00.000Z') };
const SUPERVISOR_BADGE = '04A1B2C3D2';
const IT_BADGE = '04A1B2C3D3';
const WORKER_BADGE = '04A1B2C3D1';

const roster = (supervisorFlag: 'yes' | 'no') =>
  'badge_id,employee_id,name,language,site,roles,stations,supervisor\r\n' +
  `${WORKER_BADGE},E100,Ana Lopez,en,${SITE},operator,${STATION},no\r\n` +
  `${SUPERVISOR_BADGE},S200,Sam Boss,es,${SITE},operator,${STATION},${supervisorFlag}\r\n` +
  `${IT_BADGE},IT300,Robin Tech,en,${SITE},it,,no\r\n`;

async function importRoster(csv: string): Promise<void> {
  const r = await live.admin('POST', '/api/v1/admin/roster/import', Buffer.from(csv), 'text/csv');
  expect(r.body).toMatchObject({ applied: true, errors: [] });
}

/** One sync cycle of the terminal's real sync client, then the store is closed for the core. */
async function syncTerminal(): Promise<void> {
  const kiosk = openKiosk(dataDir, live.url, code);
  try {
    expect(await kiosk.sync.syncNow()).toBe('ok');
  } finally {
    await kiosk.close();
  }
}

async function openCore(): Promise<KioskCoreHandle> {
  // No diagnostics.pinHash and no demo: every staff PIN has to come from the server.
  const config = kioskConfigSchema.parse({ site: { id: SITE, name: 'Plant 2' }, station: { id: STATION, name: 'Press line 4' }, badge: { debounceMs: 0 } });
  return createKioskCore({ config, dataDir, now: () => clock.now, diagnostics: { statfs: async () => ({ bavail: 1, bsize: 1, blocks: 1 }) } });
}

beforeAll(async () => {
  live = await startLiveServer();
  await live.admin('POST', '/api/v1/admin/sites', { id: SITE, name: 'Plant 2' });
  await live.admin('POST', '/api/v1/admin/stations', { siteId: SITE, id: STATION, name: 'Press line 4' });
  await importRoster(roster('yes'));
  await live.admin('PUT', '/api/v1/admin/staff-pins/S200', { pin: '497215' });
  await live.admin('PUT', '/api/v1/admin/staff-pins/IT300', { pin: '835106' });
  code = await enrollmentCode(live);
  await syncTerminal();
});
afterAll(async () => live?.dispose());

it('the roster supervisor taps in, gets the PIN pad, opens the station board with the PIN set on the server; wrong PINs lock them out', async () => {
  const core = await openCore();
  try {
    await core.tapBadge(SUPERVISOR_BADGE);
    expect((await core.getSnapshot()).staff).toEqual({ kind: 'supervisor', stage: 'pin', name: 'Sam Boss', lockedUntil: null, pinConfigured: true });
    await expect(core.getStationBoard()).rejects.toMatchObject({ code: 'bad-request' });
    expect(await core.verifyPin('111111')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await core.verifyPin('497215')).toEqual({ outcome: 'ok' });
    const board = await core.getStationBoard();
    expect(board.workers.map((w) => w.employeeId).sort()).toEqual(['E100', 'S200']);

    await core.signOut();
    await core.tapBadge(SUPERVISOR_BADGE);
    for (let i = 4; i >= 1; i--) expect(await core.verifyPin('555555')).toEqual({ outcome: 'wrong', attemptsLeft: i });
    expect(await core.verifyPin('555555')).toEqual({ outcome: 'locked', until: '2026-11-25T09:05:00.000Z' });
    expect(await core.verifyPin('497215')).toMatchObject({ outcome: 'locked' });
    expect((await core.getSnapshot()).staff?.lockedUntil).toBe('2026-11-25T09:05:00.000Z');
    clock.now = new Date('2026-11-25T09:05:00.000Z');
    expect(await core.verifyPin('497215')).toEqual({ outcome: 'ok' });

    await core.tapBadge(WORKER_BADGE);
    expect((await core.getSnapshot()).staff).toBeNull();
  } finally {
    await core.close();
  }
});

it("an IT worker opens diagnostics with their own staff PIN (no diagnostics PIN in the config)", async () => {
  const core = await openCore();
  try {
    await core.tapBadge(IT_BADGE);
    expect((await core.getSnapshot()).staff).toEqual({ kind: 'diagnostics', stage: 'pin', name: 'Robin Tech', lockedUntil: null, pinConfigured: true });
    expect(await core.verifyPin('497215')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await core.verifyPin('835106')).toEqual({ outcome: 'ok' });
    expect((await core.getDiagnostics()).terminal).toMatchObject({ site: SITE, station: STATION, demo: false });
  } finally {
    await core.close();
  }
});

it('issue 12 item 4: the lockout is queued on the terminal, kept while the server cannot be reached, and then shown to the site\'s supervisors on the dashboard', async () => {
  const queued = () => {
    const store = openStore(dataDir);
    try {
      return store.db.prepare('SELECT kind, detail FROM security_event_outbox').all() as Array<{ kind: string; detail: string }>;
    } finally {
      store.close();
    }
  };
  expect(queued()).toEqual([{ kind: 'pin-lockout', detail: expect.stringContaining('supervisor:S200: 5 wrong PINs') }]);

  const offline = openKiosk(dataDir, live.url, code, async () => {
    throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  });
  try {
    expect(await offline.sync.syncNow()).not.toBe('ok');
  } finally {
    await offline.close();
  }
  expect(queued()).toHaveLength(1);

  await syncTerminal();
  expect(queued()).toEqual([]);

  await createUser(live.db, { email: 'sup@plant2.example', name: 'Sue', role: 'supervisor', sites: [SITE], password: 'a long password here' });
  await live.admin('POST', '/api/v1/admin/sites', { id: 'plant-9', name: 'Plant 9' });
  await createUser(live.db, { email: 'other@plant9.example', name: 'Oli', role: 'supervisor', sites: ['plant-9'], password: 'a long password here' });
  const eventsSeenBy = async (email: string) => {
    const login = await fetch(`${live.url}/api/v1/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a long password here' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${live.url}/api/v1/dashboard/security-events`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.json()).events as Array<{ kind: string; detail: string; siteId: string; stationId: string; terminalName: string }>;
  };
  expect(await eventsSeenBy('sup@plant2.example')).toEqual([
    expect.objectContaining({ kind: 'pin-lockout', siteId: SITE, stationId: STATION, terminalName: 'Press line 4 kiosk', detail: expect.stringContaining('5 wrong PINs') }),
  ]);
  expect(await eventsSeenBy('other@plant9.example')).toEqual([]);
});

it('issue 12 item 2: the terminal holds the PINs keyed with its site\'s pepper, so its database alone cannot check a PIN', async () => {
  const store = openStore(dataDir);
  try {
    const hashes = store.db.prepare('SELECT pin_hash FROM supervisor_pins').pluck().all() as string[];
    expect(hashes).toHaveLength(2);
    for (const h of hashes) expect(h).toMatch(/^scrypt-hmac\$/);
    const supervisorHash = store.db.prepare("SELECT pin_hash FROM supervisor_pins WHERE worker_id = 'S200'").pluck().get() as string;
    await expect(pinMatches('497215', supervisorHash)).rejects.toThrow(/PIN key/);
    expect(await pinMatches('497215', supervisorHash, loadPinPepper(store.db, undefined))).toBe(true);
  } finally {
    store.close();
  }
});

it('dropping the supervisor flag and clearing the IT PIN on the server take effect at the next sync', async () => {
  await importRoster(roster('no'));
  await live.admin('DELETE', '/api/v1/admin/staff-pins/IT300');
  await syncTerminal();
  const core = await openCore();
  try {
    await core.tapBadge(SUPERVISOR_BADGE);
    const snap = await core.getSnapshot();
    expect(snap.staff).toBeNull();
    expect(snap.session?.worker.displayName).toBe('Sam Boss');
    await expect(core.getStationBoard()).rejects.toMatchObject({ code: 'bad-request' });

    await core.tapBadge(IT_BADGE);
    await expect(core.verifyPin('835106')).rejects.toMatchObject({ code: 'not-found', message: /diagnostics\.pinHash/ });
  } finally {
    await core.close();
  }
});
