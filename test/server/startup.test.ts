import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { deferredDb, openDb, type Db } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';
import { SERVER_URL, TEST_CREDENTIAL_KEY } from './helpers';

/**
 * serve builds the app on a database that is still opening (issue 14: start to /healthz < 2 s on
 * PGlite), so a request the app gets meanwhile must wait for the database, or fail with a clear
 * answer when it cannot open: never reach it early, never crash.
 */
describe('the app built while its database opens', () => {
  it('runs no query before the database is open: a request made meanwhile is answered after it opens', async () => {
    const events: string[] = [];
    const db: Db = {
      kind: 'pglite',
      schema: 'public',
      query: async <R>(sql: string) => {
        events.push(sql);
        return { rows: [{ '?column?': 1 }] as R[], rowCount: 1 };
      },
      exec: async () => undefined,
      transaction: (fn) => fn(db),
      close: async () => undefined,
    };
    let open!: (db: Db) => void;
    const opening = new Promise<Db>((resolve) => (open = resolve));
    const app = await buildApp({ db: deferredDb({}, opening), serverUrl: SERVER_URL });
    try {
      const answer = app.inject({ url: '/healthz' });
      events.push('opened');
      open(db);
      const res = await answer;
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', database: 'pglite' });
      expect(events).toEqual(['opened', 'SELECT 1']);
    } finally {
      await app.close();
    }
  });

  it('answers 503 on /healthz and a JSON error elsewhere when the database cannot open; with a credential key, ready() fails with its reason', async () => {
    const failed = Promise.reject(new Error('the embedded database in /data is in use by process 42'));
    failed.catch(() => undefined); // Node would report it as unhandled before the first query awaits it
    const app = await buildApp({ db: deferredDb({}, failed), serverUrl: SERVER_URL });
    try {
      const health = await app.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: 'unavailable', database: 'pglite', message: 'the database does not answer' });
      const login = await app.inject({ method: 'POST', url: '/api/v1/dashboard/login', payload: { email: 'a@example.com', password: 'not-the-password' } });
      expect(login.statusCode).toBe(500);
      expect(login.json()).toMatchObject({ error: 'internal', message: expect.stringContaining('the server failed to handle this request') });
    } finally {
      await app.close();
    }
    const withKey = await buildApp({ db: deferredDb({}, failed), serverUrl: SERVER_URL, credentialKey: TEST_CREDENTIAL_KEY });
    await expect(withKey.ready()).rejects.toThrow('in use by process 42');
    await withKey.close();
  });

  it('makes the issuer key when it gets ready, on the database that opened meanwhile', async () => {
    const opening = openDb({}).then(async (db) => {
      await migrate(db);
      return db;
    });
    const app = await buildApp({ db: deferredDb({}, opening), serverUrl: SERVER_URL, credentialKey: TEST_CREDENTIAL_KEY });
    const db = await opening;
    try {
      expect((await db.query('SELECT kid FROM issuer_keys')).rowCount).toBe(0);
      const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json() as { keys: Array<{ kid: string }> };
      expect(jwks.keys).toHaveLength(1);
      const stored = await db.query<{ kid: string }>('SELECT kid FROM issuer_keys');
      expect(jwks.keys[0].kid).toContain(`#${stored.rows[0].kid}`);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
