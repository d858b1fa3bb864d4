import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../server/dashboard/users';
import { complete, credentialsOf, seedCertification } from './credentials-fixture';
import { PASSWORD, signIn } from './dashboard-fixture';
import { seedSite, startTestServer, SERVER_URL, type TestServer } from './helpers';
import { pdfText } from './pdf-text';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/credentials');

let s: TestServer;

beforeEach(async () => {
  s = await startTestServer();
  const press = await seedCertification(s);
  for (const worker of ['E1', 'E2']) {
    await complete(s, press, worker, 'lockout');
    await complete(s, press, worker, 'press-basics');
  }
  await seedSite(s, 'other', ['line']);
  await createUser(s.db, { email: 'admin@example.com', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  await createUser(s.db, { email: 'sup-other@example.com', name: 'Otto', role: 'supervisor', sites: ['other'], password: PASSWORD });
});
afterEach(async () => s.close());

async function download(cookie: string, query: string) {
  return s.app.inject({ method: 'GET', url: `/api/v1/dashboard/certificates?${query}`, headers: { cookie } });
}

describe('certificate downloads', () => {
  it("gives a worker's certificate as a PDF with their name and the verify URL", async () => {
    const cookie = await signIn(s, 'admin@example.com');
    const res = await download(cookie, 'employeeId=E1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="certificates-E1-\d{4}-\d\d-\d\d\.pdf"/);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'certificate-sample.pdf'), res.rawPayload);
    const [page, ...more] = await pdfText(res.rawPayload);
    expect(more).toEqual([]);
    const [credential] = await credentialsOf(s, 'E1');
    expect(page.join('\n')).toContain('Nguyễn Thị Minh');
    expect(page.join('\n')).toContain(`Verify: ${SERVER_URL}/verify/${credential.id}`);
  });

  it('gives every certificate of a station as one batch PDF', async () => {
    const cookie = await signIn(s, 'admin@example.com');
    const res = await download(cookie, 'site=plant&station=press');
    expect(res.statusCode).toBe(200);
    const pages = await pdfText(res.rawPayload);
    expect(pages.map((p) => p.find((l) => l === 'Nguyễn Thị Minh' || l === 'Иван Петров'))).toEqual(['Nguyễn Thị Minh', 'Иван Петров']);
    expect((await download(cookie, 'site=plant&station=dock')).statusCode).toBe(404);
  });

  it("never gives a supervisor another site's certificates", async () => {
    const cookie = await signIn(s, 'sup-other@example.com');
    expect((await download(cookie, 'employeeId=E1')).statusCode).toBe(404);
    expect((await download(cookie, 'site=plant&station=press')).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/dashboard/certificates?employeeId=E1' })).statusCode).toBe(401);
  });

  it('names the fix for a query that is neither a worker nor a station', async () => {
    const cookie = await signIn(s, 'admin@example.com');
    const res = await download(cookie, 'station=press');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/station needs its site|either employeeId/);
  });
});
