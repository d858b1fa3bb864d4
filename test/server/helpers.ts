import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createAdminToken } from '../../server/admin';
import { buildApp, type AppOptions } from '../../server/app';
import { openDb, type Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';

export const SERVER_URL = 'http://learn.test';
/** Encrypts the test issuer key at rest (a real server reads SHIFTLEARN_CREDENTIAL_KEY). */
export const TEST_CREDENTIAL_KEY = Buffer.alloc(32, 7);

/**
 * A database of its own for one test file: a fresh `test_<random>` schema on the PostgreSQL of
 * DATABASE_URL (dropped afterwards), or an in-memory PGlite when DATABASE_URL is not set.
 */
export async function openTestDb(): Promise<{ db: Db; dispose: () => Promise<void> }> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL || undefined, schema, poolSize: 4 });
  await migrate(db);
  return {
    db,
    dispose: async () => {
      if (db.kind === 'postgres') await db.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  db: Db;
  adminToken: string;
  clock: { now: Date };
  admin(method: InjectOptions['method'], url: string, payload?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Limits on refused secrets high enough that tests sending many wrong credentials on purpose are not throttled. */
const UNTHROTTLED = { failuresPerIp: 100_000, failuresPerCredential: 100_000, windowMs: 60_000 };

export async function startTestServer(opts: Pick<AppOptions, 'secretGuardLimits'> = {}): Promise<TestServer> {
  const { db, dispose } = await openTestDb();
  const clock = { now: new Date('2026-11-25T08:00:00.000Z') };
  const app = await buildApp({ db, serverUrl: SERVER_URL, now: () => clock.now, secretGuardLimits: opts.secretGuardLimits ?? UNTHROTTLED, credentialKey: TEST_CREDENTIAL_KEY });
  const { token } = await createAdminToken(db, 'tests');
  const admin: TestServer['admin'] = async (method, url, payload) => {
    const res = await app.inject({ method, url, payload: payload as InjectOptions['payload'], headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  return {
    app,
    db,
    adminToken: token,
    clock,
    admin,
    close: async () => {
      await app.close();
      await dispose();
    },
  };
}

export async function seedSite(s: TestServer, siteId: string, stationIds: string[]): Promise<void> {
  expectOk(await s.admin('POST', '/api/v1/admin/sites', { id: siteId, name: `Site ${siteId}` }));
  for (const id of stationIds) expectOk(await s.admin('POST', '/api/v1/admin/stations', { siteId, id, name: `Station ${id}` }));
}

export async function newCode(s: TestServer, siteId: string, stationId: string, expiresInSeconds?: number): Promise<string> {
  const r = await s.admin('POST', '/api/v1/admin/enrollment-codes', { siteId, stationId, expiresInSeconds });
  expectOk(r);
  return r.body.code as string;
}

export interface EnrolledTerminal {
  terminalId: string;
  credential: string;
  headers: Record<string, string>;
}

export async function enroll(s: TestServer, siteId: string, stationId: string): Promise<EnrolledTerminal> {
  const code = await newCode(s, siteId, stationId);
  const res = await s.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, terminalName: `${stationId} kiosk` } });
  if (res.statusCode !== 200) throw new Error(`enroll failed: ${res.statusCode} ${res.body}`);
  const { terminalId, credential } = res.json();
  return { terminalId, credential, headers: { authorization: `Bearer ${terminalId}.${credential}` } };
}

export const XAPI = { 'x-experience-api-version': '1.0.3' };

function expectOk(r: { status: number; body: unknown }): void {
  if (r.status >= 300) throw new Error(`admin call failed: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Workers on a site's roster, so its terminals may write statements for them. */
export async function seedWorkers(s: TestServer, siteId: string, employeeIds: string[]): Promise<void> {
  const workers = employeeIds.map((employeeId) => ({ employeeId, displayName: `Worker ${employeeId}`, language: 'en', siteId }));
  for (let i = 0; i < workers.length; i += 10_000) expectOk(await s.admin('PUT', '/api/v1/admin/workers', { workers: workers.slice(i, i + 10_000) }));
}

/** Minimal one-card lessons, global (siteId null) or for one site, so terminals may write statements about them. */
export async function seedLessons(s: TestServer, lessonIds: string[], siteId: string | null = null): Promise<void> {
  const lessons = lessonIds.map((id) => ({
    siteId,
    lesson: { id, version: 1, language: 'en', title: id, summary: '', durationMinutes: 3, skills: [], roles: [], stations: [], prerequisites: [], recertifyAfterDays: null, tags: [], cards: [{ kind: 'text', id: 'c1', markdown: 'x' }] },
  }));
  expectOk(await s.admin('PUT', '/api/v1/admin/lessons', { lessons }));
}
