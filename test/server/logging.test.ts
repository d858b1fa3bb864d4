import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAdminToken, createEnrollmentCode, createSite, createStation } from '../../server/admin';
import { buildApp } from '../../server/app';
import type { FastifyInstance } from 'fastify';
import { openTestDb, SERVER_URL } from './helpers';
import { captureLog } from './log-capture';

let app: FastifyInstance;
let dispose: () => Promise<void>;
let code: string;
const captured = captureLog();

beforeAll(async () => {
  const t = await openTestDb();
  dispose = t.dispose;
  await createSite(t.db, { id: 'plant-2', name: 'Plant 2' });
  await createStation(t.db, { siteId: 'plant-2', id: 'press-line-4', name: 'Press line 4' });
  code = (await createEnrollmentCode(t.db, 'plant-2', 'press-line-4', 3_600_000, new Date())).code;
  app = await buildApp({ db: t.db, serverUrl: SERVER_URL, logger: captured.logger });
});
afterAll(async () => {
  await app.close();
  await dispose();
});

it('logs enrollment and requests without the code, the credential or the Authorization header', async () => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, terminalName: 'kiosk' } });
  expect(res.statusCode).toBe(200);
  const { terminalId, credential } = res.json();
  await app.inject({ url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${terminalId}.${credential}` } });
  const log = captured.text();
  expect(log).toContain('terminal enrolled');
  expect(log).toContain(terminalId);
  expect(log).not.toContain(credential);
  expect(log).not.toContain(code);
  expect(log.toLowerCase()).not.toContain('bearer');
});

it('a badge id in a request URL reaches the log masked to its last four digits', async () => {
  const { db } = app;
  const { token } = await createAdminToken(db, 'log test');
  await app.inject({
    method: 'PUT',
    url: '/api/v1/admin/workers',
    headers: { authorization: `Bearer ${token}` },
    payload: { workers: [{ employeeId: 'E7001', displayName: 'Ana', language: 'es', siteId: 'plant-2' }] },
  });
  await app.inject({ method: 'PUT', url: '/api/v1/admin/badges', headers: { authorization: `Bearer ${token}` }, payload: { badges: [{ badgeId: '0004417781', employeeId: 'E7001' }] } });
  const res = await app.inject({ method: 'DELETE', url: '/api/v1/admin/badges/0004417781', headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode).toBe(200);
  const log = captured.text();
  expect(log).toContain('/api/v1/admin/badges/…781');
  expect(log).not.toContain('7781');
});
