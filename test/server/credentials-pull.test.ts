import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullResponse } from '../../common/contracts/sync';
import { complete, credentialsOf, seedCertification } from './credentials-fixture';
import { enroll, seedSite, startTestServer, type EnrolledTerminal, type TestServer } from './helpers';

let s: TestServer;
let press: EnrolledTerminal;

beforeEach(async () => {
  s = await startTestServer();
  press = await seedCertification(s);
  await complete(s, press, 'E1', 'lockout');
  await complete(s, press, 'E1', 'press-basics');
});
afterEach(async () => s.close());

async function pull(t: EnrolledTerminal, cursor = 0) {
  const res = await s.app.inject({ method: 'GET', url: `/api/v1/sync/pull?cursor=${cursor}&limit=1000`, headers: t.headers });
  expect(res.statusCode).toBe(200);
  return pullResponse.parse(res.json());
}

describe('terminals pull their workers’ credentials', () => {
  it("sends the site's credentials, then a revocation as an upsert, and nothing to another site", async () => {
    const [issued] = await credentialsOf(s, 'E1');
    const first = await pull(press);
    const credentials = first.changes.filter((c) => c.kind === 'credential');
    expect(credentials).toEqual([
      expect.objectContaining({
        op: 'upsert',
        data: expect.objectContaining({ id: issued.id, employeeId: 'E1', name: 'Press operator', validUntil: issued.validUntil, revoked: false }),
      }),
    ]);

    expect((await s.admin('POST', `/api/v1/admin/credentials/${issued.id}/revoke`, { reason: 'wrong press model' })).status).toBe(200);
    const next = await pull(press, first.nextCursor);
    expect(next.changes).toEqual([expect.objectContaining({ kind: 'credential', op: 'upsert', data: expect.objectContaining({ id: issued.id, revoked: true }) })]);

    await seedSite(s, 'elsewhere', ['line']);
    const other = await enroll(s, 'elsewhere', 'line');
    expect((await pull(other)).changes.filter((c) => c.kind === 'credential')).toEqual([]);
  });
});
