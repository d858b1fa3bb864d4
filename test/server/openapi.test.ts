import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDOCUMENTED } from '../../server/openapi';
import { startTestServer, type TestServer } from './helpers';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.app.ready();
});
afterAll(() => s.close());

type Doc = { paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; parameters?: unknown[]; requestBody?: unknown }>> };

/** Every "METHOD /path" the server answers, read from fastify's route tree (HEAD is implied by GET). */
function serverRoutes(app: TestServer['app']): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of m[3].split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

describe('the OpenAPI document generated from the route schemas', () => {
  it('documents every route except the xAPI resource, the dashboard page and itself', async () => {
    const doc = (await s.app.inject({ url: '/openapi.json' })).json() as Doc;
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const routes = serverRoutes(s.app);
    expect(routes).toContain('PUT /api/v1/admin/workers');
    expect(routes).toContain('POST /xapi/statements');
    const expected = routes.filter((r) => !UNDOCUMENTED.some((re) => re.test(r.split(' ')[1])));
    expect(expected.length).toBeGreaterThan(30);
    expect(documented.sort()).toEqual(expected.sort());
  });

  it('carries the request schemas and each scope\'s security, and is served as YAML too', async () => {
    const doc = (await s.app.inject({ url: '/openapi.json' })).json() as Doc;
    const workers = doc.paths['/api/v1/admin/workers'].put;
    expect(workers.security).toEqual([{ admin: [] }, { dashboardSession: [] }]);
    expect(workers.requestBody).toMatchObject({ content: { 'application/json': { schema: { required: ['workers'] } } } });
    expect(doc.paths['/api/v1/sync/pull'].get).toMatchObject({ security: [{ terminal: [] }], parameters: expect.arrayContaining([expect.objectContaining({ name: 'cursor', in: 'query' })]) });
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith('/api/v1/admin/')) for (const op of Object.values(ops)) expect(op.tags, path).toEqual(['admin']);
    }
    const yaml = await s.app.inject({ url: '/openapi.yaml' });
    expect(yaml.headers['content-type']).toMatch(/yaml/);
    expect(Object.keys((parse(yaml.body) as Doc).paths).sort()).toEqual(Object.keys(doc.paths).sort());
  });
});
