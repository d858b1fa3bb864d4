import { randomUUID } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { createLrsKey } from '../../server/admin';
import { issueCredentials } from '../../server/credentials/issue';
import type { Db, Queryable, QueryResult } from '../../server/db/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusBit } from '../../server/credentials/status-list';
import { complete, credentialsOf, DAY, seedCertification } from './credentials-fixture';
import { startTestServer, XAPI, type EnrolledTerminal, type TestServer } from './helpers';
import { blockedBy, gate } from './lock-wait';
import { openBadgeCredentialSchema } from './ob3-schema';

let s: TestServer;
let press: EnrolledTerminal;

beforeEach(async () => {
  s = await startTestServer();
  press = await seedCertification(s);
});
afterEach(async () => s.close());

async function storedJws(id: string): Promise<string> {
  return (await s.db.query<{ jws: string }>('SELECT jws FROM credentials WHERE id = $1', [id])).rows[0].jws;
}

function payloadOf(jws: string): any {
  return JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
}

async function verify(id: string) {
  const res = await s.app.inject({ method: 'GET', url: `/verify/${id}?format=json` });
  return { status: res.statusCode, body: res.json() };
}

/** An admin voids a statement of E1's, as a supervisor correcting a completion would. */
function voidStatement(target: string, id: string = randomUUID()) {
  const voiding = {
    id,
    actor: { objectType: 'Agent', account: { homePage: 'http://learn.test', name: 'E1' } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
    object: { objectType: 'StatementRef', id: target },
  };
  return s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { authorization: `Bearer ${s.adminToken}`, ...XAPI }, payload: voiding });
}

describe('certifications', () => {
  it('issues a credential when the last required lesson is passed, and not before', async () => {
    await complete(s, press, 'E1', 'lockout');
    await complete(s, press, 'E1', 'press-basics', { passed: false });
    expect(await credentialsOf(s, 'E1')).toEqual([]);

    s.clock.now = new Date(s.clock.now.getTime() + DAY);
    await complete(s, press, 'E1', 'press-basics');
    const [credential, ...more] = await credentialsOf(s, 'E1');
    expect(more).toEqual([]);
    expect(credential.certificationId).toBe('press-operator');
    expect(credential.validFrom).toBe(s.clock.now.toISOString());
    // Expires 365 days after the oldest completion it rests on (lockout, a day earlier).
    expect(credential.validUntil).toBe(new Date(s.clock.now.getTime() - DAY + 365 * DAY).toISOString());
    expect(await credentialsOf(s, 'E2')).toEqual([]);
  });

  it('counts only statements the server trusts for the worker', async () => {
    // A reporting tool's write key may store statements naming E3, but they count for no one.
    const { key, secret } = await createLrsKey(s.db, 'reporting tool', true);
    const auth = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
    const id = await complete(s, press, 'E3', 'lockout');
    const forged = (await s.db.query<{ statement: any }>('SELECT statement FROM statements WHERE id = $1', [id])).rows[0].statement;
    const { authority: _a, stored: _s, version: _v, ...content } = forged;
    content.id = randomUUID();
    content.object = { ...content.object, id: content.object.id.replace('lockout', 'press-basics') };
    const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { authorization: auth, ...XAPI }, payload: content });
    expect(res.statusCode).toBe(200);
    expect(await credentialsOf(s, 'E3')).toEqual([]);
    await complete(s, press, 'E3', 'press-basics');
    expect(await credentialsOf(s, 'E3')).toHaveLength(1);
  });

  it('does not count a voided completion', async () => {
    const id = await complete(s, press, 'E1', 'lockout');
    const res = await voidStatement(id);
    expect(res.statusCode).toBe(200);
    await complete(s, press, 'E1', 'press-basics');
    expect(await credentialsOf(s, 'E1')).toEqual([]);
  });

  it('revokes the credential issued from a completion that is then voided, and issues again on a new completion', async () => {
    await complete(s, press, 'E1', 'lockout');
    const basics = await complete(s, press, 'E1', 'press-basics');
    const [credential] = await credentialsOf(s, 'E1');
    expect(credential.revokedAt).toBeNull();
    // E2's credential rests on none of E1's completions and stays.
    await complete(s, press, 'E2', 'lockout');
    await complete(s, press, 'E2', 'press-basics');
    const [other] = await credentialsOf(s, 'E2');

    const res = await voidStatement(basics);
    expect(res.statusCode).toBe(200);

    expect(await credentialsOf(s, 'E1')).toEqual([expect.objectContaining({ id: credential.id, revokedAt: s.clock.now.toISOString() })]);
    expect((await verify(credential.id)).body).toMatchObject({ status: 'revoked', checks: { notRevoked: false } });
    const reason = await s.db.query<{ revoked_reason: string; revoked_by: string }>('SELECT revoked_reason, revoked_by FROM credentials WHERE id = $1', [credential.id]);
    expect(reason.rows[0]).toEqual({ revoked_reason: 'a completion it rests on was voided', revoked_by: 'voiding' });
    const jws = payloadOf(await storedJws(credential.id));
    const list = payloadOf((await s.app.inject({ method: 'GET', url: new URL(jws.credentialStatus.statusListCredential).pathname })).body);
    expect(statusBit(list.credentialSubject.encodedList, Number(jws.credentialStatus.statusListIndex))).toBe(true);
    expect(await credentialsOf(s, 'E2')).toEqual([expect.objectContaining({ id: other.id, revokedAt: null })]);

    s.clock.now = new Date(s.clock.now.getTime() + DAY);
    await complete(s, press, 'E1', 'press-basics');
    const after = await credentialsOf(s, 'E1');
    expect(after.filter((c) => c.revokedAt === null)).toHaveLength(1);
    expect(after.find((c) => c.revokedAt === null)!.id).not.toBe(credential.id);
  });

  it('never stores a void without its revocation: a credential store failure refuses the void, and the retried void revokes', async () => {
    await complete(s, press, 'E1', 'lockout');
    const basics = await complete(s, press, 'E1', 'press-basics');
    const [credential] = await credentialsOf(s, 'E1');
    // The injected failure: the credential store throws on any change to a credential.
    await s.db.query(`CREATE FUNCTION refuse_credential_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'credential store unavailable'; END $$`);
    await s.db.query('CREATE TRIGGER refuse_credential_change BEFORE UPDATE ON credentials FOR EACH ROW EXECUTE FUNCTION refuse_credential_change()');
    const voidingId = randomUUID();
    const send = () => voidStatement(basics, voidingId);
    expect((await send()).statusCode).toBe(500);
    // Refused as a whole: the completion still counts and the credential still rests on it, so nothing is stranded.
    const target = await s.db.query<{ voided_by: string | null; employee_id: string | null }>('SELECT voided_by, employee_id FROM statements WHERE id = $1', [basics]);
    expect(target.rows[0]).toEqual({ voided_by: null, employee_id: 'E1' });
    expect((await s.db.query('SELECT 1 FROM statements WHERE id = $1', [voidingId])).rowCount).toBe(0);
    expect((await verify(credential.id)).body.status).toBe('valid');

    // The writer retries the same statement once the store works again.
    await s.db.query('DROP TRIGGER refuse_credential_change ON credentials');
    expect((await send()).statusCode).toBe(200);
    expect(await credentialsOf(s, 'E1')).toEqual([expect.objectContaining({ id: credential.id, revokedAt: s.clock.now.toISOString() })]);
    expect((await verify(credential.id)).body).toMatchObject({ status: 'revoked', checks: { notRevoked: false } });
  });

  it('expires at the recertification date and is reissued when the worker recertifies', async () => {
    await complete(s, press, 'E1', 'lockout');
    await complete(s, press, 'E1', 'press-basics');
    const [first] = await credentialsOf(s, 'E1');
    expect((await verify(first.id)).body.status).toBe('valid');

    s.clock.now = new Date(Date.parse(first.validUntil!) + 1);
    const expired = await verify(first.id);
    expect(expired.body).toMatchObject({ status: 'expired', checks: { signature: true, notExpired: false, notRevoked: true } });

    await complete(s, press, 'E1', 'lockout');
    expect(await credentialsOf(s, 'E1')).toHaveLength(1);
    await complete(s, press, 'E1', 'press-basics');
    const [renewed, old] = await credentialsOf(s, 'E1');
    expect(old.id).toBe(first.id);
    expect(renewed.id).not.toBe(first.id);
    expect(renewed.validUntil).toBe(new Date(s.clock.now.getTime() + 365 * DAY).toISOString());
    expect((await verify(renewed.id)).body.status).toBe('valid');
    // Issuing again on the same completions changes nothing.
    expect((await s.admin('POST', '/api/v1/admin/credentials/issue', {})).body).toEqual({ issued: 0 });
  });

  it('signs an Open Badges 3.0 credential as VC-JOSE with the key the JWKS and did:web document publish', async () => {
    await complete(s, press, 'E1', 'lockout');
    await complete(s, press, 'E1', 'press-basics');
    const [c] = await credentialsOf(s, 'E1');
    const jws = await storedJws(c.id);
    const header = decodeProtectedHeader(jws);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });

    const credential = payloadOf(jws);
    const parsed = openBadgeCredentialSchema.safeParse(credential);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(credential.credentialSubject.achievement.alignment.map((a: any) => a.targetName)).toEqual(['Lockout/tagout', 'Press basics']);
    expect(credential.credentialSubject.identifier).toContainEqual(expect.objectContaining({ identityType: 'name', identityHash: 'Nguyễn Thị Minh' }));
    expect(JSON.stringify(credential)).not.toContain('"E1"');

    const did = await s.app.inject({ method: 'GET', url: '/.well-known/did.json' });
    expect(did.json().id).toBe('did:web:learn.test');
    expect(credential.issuer.id).toBe('did:web:learn.test');
    const method = did.json().verificationMethod.find((m: any) => m.id === header.kid);
    const verified = await compactVerify(jws, await importJWK(method.publicKeyJwk, 'EdDSA'));
    expect(JSON.parse(new TextDecoder().decode(verified.payload)).id).toBe(`urn:uuid:${c.id}`);
    const jwks = (await s.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
    expect(jwks.keys.map((k: any) => k.kid)).toEqual([header.kid]);
    // The private key is not stored in the clear.
    const key = (await s.db.query<{ private_jwk_encrypted: string }>('SELECT private_jwk_encrypted FROM issuer_keys')).rows[0];
    expect(key.private_jwk_encrypted).not.toMatch(/"d"/);
  });
});

describe('public verification', () => {
  async function issued(): Promise<string> {
    await complete(s, press, 'E1', 'lockout');
    await complete(s, press, 'E1', 'press-basics');
    return (await credentialsOf(s, 'E1'))[0].id;
  }

  it('shows name, achievement, dates, issuer and status without a login, under a strict CSP', async () => {
    const id = await issued();
    const res = await s.app.inject({ method: 'GET', url: `/verify/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect(res.body).toContain('data-status="valid"');
    expect(res.body).toContain('Nguyễn Thị Minh');
    expect(res.body).toContain('Press operator');
    expect(res.body).toContain('did:web:learn.test');
    expect(res.body).not.toContain('E1');
    expect(res.body).not.toContain('<script');
  });

  it('says revoked after an admin revokes it, and the status list has its bit set', async () => {
    const id = await issued();
    const noReason = await s.admin('POST', `/api/v1/admin/credentials/${id}/revoke`, { reason: '' });
    expect(noReason.status).toBe(400);
    const r = await s.admin('POST', `/api/v1/admin/credentials/${id}/revoke`, { reason: 'trained on the wrong press model' });
    expect(r.status).toBe(200);
    const v = await verify(id);
    expect(v.body).toMatchObject({ status: 'revoked', checks: { signature: true, notRevoked: false } });
    expect(v.body.revokedAt).toBe(s.clock.now.toISOString());
    const page = await s.app.inject({ method: 'GET', url: `/verify/${id}` });
    expect(page.body).toContain('data-status="revoked"');
    expect(page.body).not.toContain('wrong press model');

    const credential = payloadOf(await storedJws(id));
    const list = await s.app.inject({ method: 'GET', url: new URL(credential.credentialStatus.statusListCredential).pathname });
    expect(list.headers['content-type']).toContain('application/vc+jwt');
    const statusList = payloadOf(list.body);
    expect(statusList.type).toContain('BitstringStatusListCredential');
    expect(statusBit(statusList.credentialSubject.encodedList, Number(credential.credentialStatus.statusListIndex))).toBe(true);
    // Revoked for good: the same completions do not issue it again.
    expect((await s.admin('POST', '/api/v1/admin/credentials/issue', {})).body).toEqual({ issued: 0 });
  });

  it('fails a credential whose signed content was altered', async () => {
    const id = await issued();
    const [header, payload, signature] = (await storedJws(id)).split('.');
    const altered = payloadOf(`${header}.${payload}.x`);
    altered.validUntil = '2099-01-01T00:00:00.000Z';
    const tampered = [header, Buffer.from(JSON.stringify(altered)).toString('base64url'), signature].join('.');
    await s.db.query('UPDATE credentials SET jws = $2 WHERE id = $1', [id, tampered]);
    const v = await verify(id);
    expect(v.body).toMatchObject({ status: 'invalid', checks: { signature: false } });
    expect(v.body.validUntil).toBeNull();
    const page = await s.app.inject({ method: 'GET', url: `/verify/${id}` });
    expect(page.body).toContain('data-status="invalid"');
  });

  it('answers an unknown id as not found', async () => {
    expect((await verify('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await s.app.inject({ method: 'GET', url: '/verify/not-a-uuid' })).statusCode).toBe(404);
  });
});

/**
 * Both lessons passed by each worker, and no credential yet: as after an upload whose issuance
 * failed (it is logged and left to POST /api/v1/admin/credentials/issue). Returns E1's press-basics.
 */
async function completedButNotIssued(workers: string[]): Promise<string> {
  let basics = '';
  for (const w of workers) {
    await complete(s, press, w, 'lockout');
    const id = await complete(s, press, w, 'press-basics');
    if (w === 'E1') basics = id;
  }
  await s.db.query('DELETE FROM credentials');
  return basics;
}

describe('issuance racing a void of a completion it rests on', () => {
  it('issues nothing on a completion whose void committed after issuance read the completions', async () => {
    const basics = await completedButNotIssued(['E1', 'E2']);
    // Issuance has read the completions (outside any transaction) and stops before its transaction.
    const beforeTx = gate<void>();
    const db: Db = { ...s.db, transaction: async (fn) => (await beforeTx.pass(), s.db.transaction(fn)) };
    const issuing = issueCredentials(db, s.app.credentialIssuer, s.clock.now, ['E1', 'E2']);
    await beforeTx.reached;

    const voided = await voidStatement(basics);
    beforeTx.open();
    expect(voided.statusCode).toBe(200);
    // E2's credential rests on none of the voided completions and is issued in the same batch.
    expect(await issuing).toEqual({ issued: 1 });
    expect(await credentialsOf(s, 'E1')).toEqual([]);
    expect(await credentialsOf(s, 'E2')).toEqual([expect.objectContaining({ revokedAt: null })]);
  });
});

// PGlite has one connection: a void cannot run while an issuance's transaction is open there.
describe.runIf(process.env.DATABASE_URL)('a void that comes while an issuance is storing its credential (PostgreSQL)', () => {
  it('waits for the issuance to commit, then revokes the credential it stored', async () => {
    const basics = await completedButNotIssued(['E1']);
    // Issuance's transaction stops once the credential is inserted, not yet committed, and tells its backend.
    const inserted = gate<number>();
    const db: Db = {
      ...s.db,
      transaction: (fn) =>
        s.db.transaction((tx) => {
          const paused: Queryable = {
            exec: (sql) => tx.exec(sql),
            async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
              const r = await tx.query<R>(sql, params);
              if (sql.includes('INSERT INTO credentials')) await inserted.pass((await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
              return r;
            },
          };
          return fn(paused);
        }),
    };
    const issuing = issueCredentials(db, s.app.credentialIssuer, s.clock.now, ['E1']);
    const pid = await inserted.reached;

    const voiding = voidStatement(basics);
    try {
      expect(await blockedBy(s.db, pid, voiding)).toContain('voided_by');
    } finally {
      inserted.open();
    }
    expect(await issuing).toEqual({ issued: 1 });
    expect((await voiding).statusCode).toBe(200);
    const [credential, ...more] = await credentialsOf(s, 'E1');
    expect(more).toEqual([]);
    expect(credential.revokedAt).toBe(s.clock.now.toISOString());
    expect((await verify(credential.id)).body).toMatchObject({ status: 'revoked', checks: { notRevoked: false } });
  });
});
