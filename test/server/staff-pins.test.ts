import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponse } from '../../common/contracts/sync';
import { hashPin, parsePinHash, pinMatches } from '../../common/staff/pin-hash';
import { createAdminToken } from '../../server/admin';
import { buildApp, loggerOptions } from '../../server/app';
import { staffPinProblem } from '../../server/staff/pin-policy';
import { enroll, openTestDb, seedSite, SERVER_URL, type EnrolledTerminal, type TestServer } from './helpers';

let s: TestServer;
let plant1: EnrolledTerminal;
let plant9: EnrolledTerminal;
const logLines: string[] = [];

const ROSTER =
  'badge_id,employee_id,name,language,site,roles,stations,supervisor\r\n' +
  '04A1B2C3D1,S1,Sam Boss,es,plant-1,operator,press,yes\r\n' +
  '04A1B2C3D2,IT1,Robin Tech,en,plant-1,it,,no\r\n' +
  '04A1B2C3D3,W1,Ana Line,en,plant-1,operator,press,no\r\n' +
  '04A1B2C3D9,S9,Pat Nine,en,plant-9,,line,yes\r\n';

beforeAll(async () => {
  const { db, dispose } = await openTestDb();
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({ db, serverUrl: SERVER_URL, logger: { ...(loggerOptions('debug') as object), stream } });
  const { token } = await createAdminToken(db, 'tests');
  s = {
    app,
    db,
    adminToken: token,
    clock: { now: new Date() },
    admin: async (method, url, payload) => {
      const res = await app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}` } });
      return { status: res.statusCode, body: res.body ? res.json() : null };
    },
    close: async () => {
      await app.close();
      await dispose();
    },
  };
  await seedSite(s, 'plant-1', ['press']);
  await seedSite(s, 'plant-9', ['line']);
  const imported = await app.inject({ method: 'POST', url: '/api/v1/admin/roster/import', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: ROSTER });
  expect(imported.statusCode).toBe(200);
  plant1 = await enroll(s, 'plant-1', 'press');
  plant9 = await enroll(s, 'plant-9', 'line');
});
afterAll(async () => s?.close());

const setPin = (employeeId: string, pin: unknown) => s.admin('PUT', `/api/v1/admin/staff-pins/${employeeId}`, { pin });

async function storedHash(employeeId: string): Promise<string | null | undefined> {
  const r = await s.db.query<{ pin_hash: string | null }>('SELECT pin_hash FROM staff_pins WHERE employee_id = $1', [employeeId]);
  return r.rows[0]?.pin_hash;
}

async function pulledPins(terminal: EnrolledTerminal, cursor = 0) {
  const res = await s.app.inject({ url: `/api/v1/sync/pull?cursor=${cursor}&limit=1000`, headers: terminal.headers });
  expect(res.statusCode).toBe(200);
  const page = pullResponse.parse(res.json());
  return { pins: page.changes.flatMap((c) => (c.kind === 'staff-pin' && c.op === 'upsert' ? [c.data] : [])), nextCursor: page.nextCursor, pinPepper: page.pinPepper };
}

describe('weak PINs', () => {
  it.each(['000000', '111111', '123456', '654321', '012345', '121212', '123123', '98765432'])('refuses %s as too easy to guess', (pin) => {
    expect(staffPinProblem(pin)).toMatch(/too easy to guess.*choose 6-12 digits/);
  });
  it.each(['123', '4972', '13572', '1234567890123', '12a456', ' 497215', ''])('refuses %j naming the rule: new PINs are 6 to 12 digits', (pin) => {
    expect(staffPinProblem(pin)).toMatch(/a new staff PIN is 6 to 12 digits/);
  });
  it.each(['497215', '050813', '135724680913'])('accepts %s', (pin) => {
    expect(staffPinProblem(pin)).toBeNull();
  });
});

describe('PUT /api/v1/admin/staff-pins/:employeeId', () => {
  it('stores only a salted scrypt hash in the kiosk format that verifies the PIN', async () => {
    const r = await setPin('S1', '497215');
    expect(r).toEqual({ status: 200, body: { employeeId: 'S1', siteId: 'plant-1', changed: true } });
    const hash = (await storedHash('S1'))!;
    expect(hash).not.toContain('497215');
    expect(parsePinHash(hash)).toMatchObject({ N: 32768, r: 8, p: 1 });
    expect(await pinMatches('497215', hash)).toBe(true);
    expect(await pinMatches('497216', hash)).toBe(false);
  });

  it('refuses a new 4-digit PIN naming the 6-digit rule', async () => {
    const r = await setPin('S1', '4972');
    expect(r).toMatchObject({ status: 400, body: { error: 'weak-pin', message: expect.stringContaining('a new staff PIN is 6 to 12 digits') } });
  });

  it('refuses a weak PIN with the reason, and keeps the PIN that was set', async () => {
    const before = await storedHash('S1');
    const r = await setPin('S1', '123456');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'weak-pin', message: expect.stringMatching(/too easy to guess/) });
    expect(await storedHash('S1')).toBe(before);
    expect((await setPin('S1', 246813)).status).toBe(400);
  });

  it('refuses unknown workers, workers who are not staff, and callers without the admin token', async () => {
    expect(await setPin('NOPE', '497215')).toMatchObject({ status: 404, body: { error: 'worker-not-found' } });
    expect(await setPin('W1', '497215')).toMatchObject({ status: 409, body: { error: 'not-staff', message: expect.stringMatching(/supervisor.*"it" role/) } });
    expect(await storedHash('W1')).toBeUndefined();
    const anonymous = await s.app.inject({ method: 'PUT', url: '/api/v1/admin/staff-pins/S1', payload: { pin: '555555' } });
    expect(anonymous.statusCode).toBe(401);
    const asTerminal = await s.app.inject({ method: 'PUT', url: '/api/v1/admin/staff-pins/S1', payload: { pin: '581702' }, headers: plant1.headers });
    expect(asTerminal.statusCode).toBeGreaterThanOrEqual(401);
    expect(await pinMatches('497215', (await storedHash('S1'))!)).toBe(true);
  });

  it('gives an IT worker a PIN too', async () => {
    expect((await setPin('IT1', '835106')).status).toBe(200);
    expect(await pinMatches('835106', (await storedHash('IT1'))!)).toBe(true);
  });
});

describe('pull', () => {
  it("sends each site's terminals the hashes of that site's workers only, and the clearing as a null hash", async () => {
    expect((await setPin('S9', '604718')).status).toBe(200);
    const one = await pulledPins(plant1);
    expect(one.pins.map((p) => p.employeeId).sort()).toEqual(['IT1', 'S1']);
    const pulled = one.pins.find((p) => p.employeeId === 'S1')!.pinHash!;
    expect(pulled).not.toBe(await storedHash('S1'));
    expect(pulled).toMatch(/^scrypt-hmac\$/);
    expect(await pinMatches('497215', pulled, one.pinPepper!)).toBe(true);
    const nine = await pulledPins(plant9);
    expect(nine.pins.map((p) => p.employeeId)).toEqual(['S9']);

    const cleared = await s.admin('DELETE', '/api/v1/admin/staff-pins/S1');
    expect(cleared).toEqual({ status: 200, body: { employeeId: 'S1', siteId: 'plant-1', changed: true } });
    expect((await s.admin('DELETE', '/api/v1/admin/staff-pins/S1')).body.changed).toBe(false);
    const next = await pulledPins(plant1, one.nextCursor);
    expect(next.pins).toEqual([{ employeeId: 'S1', pinHash: null }]);
    expect((await pulledPins(plant9, nine.nextCursor)).pins).toEqual([]);
  });

  it('a worker moved to another site takes their PIN along at the next pull, keyed with the new site\'s pepper', async () => {
    expect((await setPin('S1', '497215')).status).toBe(200);
    const nine = await pulledPins(plant9);
    await s.db.query(`UPDATE workers SET site_id = 'plant-9' WHERE employee_id = 'S1'`);
    const after = await pulledPins(plant9, nine.nextCursor);
    expect(after.pins.map((p) => p.employeeId)).toEqual(['S1']);
    expect(await pinMatches('497215', after.pins[0]!.pinHash!, after.pinPepper!)).toBe(true);
    await s.db.query(`UPDATE workers SET site_id = 'plant-1' WHERE employee_id = 'S1'`);
  });
});

describe('issue 12 item 2: PIN hashes keyed with a per-site pepper', () => {
  it('each site has its own pepper, given to its terminals at enrollment and with every pull; a hash is useless without it or with another site\'s', async () => {
    const one = await pulledPins(plant1);
    const nine = await pulledPins(plant9);
    expect(one.pinPepper).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(nine.pinPepper).not.toBe(one.pinPepper);
    const code = await s.admin('POST', '/api/v1/admin/enrollment-codes', { siteId: 'plant-1', stationId: 'press' });
    const enrolled = await s.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code: code.body.code, terminalName: 'second press kiosk' } });
    expect(enrolled.json().pinPepper).toBe(one.pinPepper);

    expect((await setPin('IT1', '835106')).status).toBe(200);
    const keyedHash = (await pulledPins(plant1)).pins.find((p) => p.employeeId === 'IT1')!.pinHash!;
    await expect(pinMatches('835106', keyedHash)).rejects.toThrow(/PIN key/);
    expect(await pinMatches('835106', keyedHash, nine.pinPepper!)).toBe(false);
    expect(await pinMatches('835106', keyedHash, one.pinPepper!)).toBe(true);
  });

  it('a PIN set before the 6-digit rule (4 digits) still opens the terminal, keyed like the rest', async () => {
    await s.db.query('UPDATE staff_pins SET pin_hash = $2 WHERE employee_id = $1', ['IT1', await hashPin('4972', { cost: { N: 1024, r: 8, p: 1 } })]);
    const page = await pulledPins(plant1);
    const keyedHash = page.pins.find((p) => p.employeeId === 'IT1')!.pinHash!;
    expect(keyedHash).toMatch(/^scrypt-hmac\$1024\$/);
    expect(await pinMatches('4972', keyedHash, page.pinPepper!)).toBe(true);
  });

  it('the pepper is in no pulled change and not in the staff_pins table', async () => {
    const res = await s.app.inject({ url: '/api/v1/sync/pull?cursor=0&limit=1000', headers: plant1.headers });
    const { changes, pinPepper } = pullResponse.parse(res.json());
    expect(JSON.stringify(changes)).not.toContain(pinPepper!);
    const rows = await s.db.query('SELECT * FROM staff_pins');
    expect(JSON.stringify(rows.rows)).not.toContain(pinPepper!);
  });
});

/** Every value in the JSON log lines: a PIN's digits can turn up inside a response time or an id by chance, so values are compared whole. */
function loggedValues(): unknown[] {
  const values: unknown[] = [];
  const walk = (v: unknown): void => {
    if (v && typeof v === 'object') Object.values(v).forEach(walk);
    else values.push(v);
  };
  for (const line of logLines.join('').split('\n').filter(Boolean)) walk(JSON.parse(line));
  return values;
}

it('never logs a PIN or a PIN hash, even when a handler passes one to the logger', async () => {
  expect((await setPin('IT1', '726041')).status).toBe(200);
  await setPin('IT1', '000000');
  await pulledPins(plant1);
  const hash = (await storedHash('IT1'))!;
  s.app.log.info({ body: { pin: '726041' }, change: { pinHash: hash } }, 'careless handler');
  expect(logLines.join('')).toContain('staff PIN set');
  expect(logLines.join('')).toContain('careless handler');
  const values = loggedValues();
  for (const pin of ['726041', '000000', '497215', '835106', '604718']) expect(values).not.toContain(pin);
  const salt = hash.split('$')[4]!;
  expect(values.filter((v) => typeof v === 'string' && (v.includes(hash) || v.includes(salt)))).toEqual([]);
});
