import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createAdminToken, createSite, createStation } from '../../server/admin';
import { buildApp, loggerOptions } from '../../server/app';
import { createUser } from '../../server/dashboard/users';
import { openTestDb, SERVER_URL } from './helpers';
import { captureLog } from './log-capture';

let app: FastifyInstance;
let dispose: () => Promise<void>;
let adminToken: string;
const captured = captureLog();
const PASSWORD = 'a long secret passphrase';
const logDir = mkdtempSync(join(tmpdir(), 'shiftlearn-logs-'));

beforeAll(async () => {
  const t = await openTestDb();
  dispose = t.dispose;
  await createSite(t.db, { id: 'plant-1', name: 'Plant 1' });
  await createStation(t.db, { siteId: 'plant-1', id: 'press', name: 'Press' });
  await createUser(t.db, { email: 'admin@example.com', name: 'Ada', role: 'admin', password: PASSWORD });
  adminToken = (await createAdminToken(t.db, 'tests')).token;
  app = await buildApp({ db: t.db, serverUrl: SERVER_URL, logger: captured.logger });
});
afterAll(async () => {
  await app.close();
  await dispose();
  rmSync(logDir, { recursive: true, force: true });
});

it('logs logins and roster imports without passwords, session tokens or full badge ids', async () => {
  const login = await app.inject({ method: 'POST', url: '/api/v1/dashboard/login', payload: { email: 'admin@example.com', password: PASSWORD } });
  expect(login.statusCode).toBe(200);
  const token = login.cookies.find((c) => c.name === 'sl_session')!.value;
  await app.inject({ url: '/api/v1/dashboard/overview', headers: { cookie: `sl_session=${token}` } });
  await app.inject({ method: 'POST', url: '/api/v1/dashboard/login', payload: { email: 'admin@example.com', password: 'wrong password here' } });
  const csv = 'badge_id,employee_id,name,language,site,roles,stations,supervisor\r\n04FFEE998877,E1,Ana,en,plant-1,,press,no\r\n04FFEE998877,E2,Bob,en,plant-1,,press,no\r\n';
  await app.inject({ method: 'POST', url: '/api/v1/admin/roster/import', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' }, payload: csv });
  app.log.info({ badgeId: '04FFEE998877' }, 'badge read');

  const log = captured.text();
  expect(log).toContain('dashboard login');
  expect(log).toContain('roster import');
  expect(log).toContain('…8877');
  expect(log).not.toContain('04FFEE998877');
  expect(log).not.toContain(PASSWORD);
  expect(log).not.toContain('wrong password here');
  expect(log).not.toContain(token);
});

it('--log-file writes JSON lines to a rotating file', async () => {
  const fileApp = await buildApp({ db: app.db, serverUrl: SERVER_URL, logger: loggerOptions('info', join(logDir, 'server.log')) });
  fileApp.log.info({ badgeId: '04FFEE998877' }, 'written to the file');
  // The transport runs in a worker thread: wait until the line lands.
  await vi.waitFor(
    () => {
      const file = readdirSync(logDir).find((f) => /^server\.\d{4}-\d\d-\d\d\.1\.log$/.test(f));
      expect(file).toBeDefined();
      expect(readFileSync(join(logDir, file!), 'utf8')).toContain('written to the file');
    },
    { timeout: 10_000, interval: 100 },
  );
  const text = readdirSync(logDir).filter((f) => f.endsWith('.log') && f !== 'current.log').map((f) => readFileSync(join(logDir, f), 'utf8')).join('');
  expect(JSON.parse(text.trim().split('\n').pop()!)).toMatchObject({ msg: 'written to the file', badgeId: '…8877' });
  await fileApp.close();
});
