import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, dashboardStaticPlugin } from '../../../server/plugins/dashboard-static';

/** A fake build output, so these tests do not depend on `vite build` having run. */
function fakeRenderer(withPage: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  if (withPage) fs.writeFileSync(path.join(dir, 'dashboard.html'), '<!doctype html><title>dash</title>');
  fs.writeFileSync(path.join(dir, 'index.html'), 'kiosk page');
  fs.writeFileSync(path.join(dir, 'assets', 'dashboard-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'assets', 'dashboard-abc.js.map'), '{"sources":[]}');
  return dir;
}

async function appFor(rendererDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(dashboardStaticPlugin, { rendererDir });
  app.get('/api/v1/other', async () => ({ ok: true }));
  return app;
}

describe('dashboard static files', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor(fakeRenderer(true));
  });
  afterAll(() => app.close());

  it('serves the page at /dashboard/ with the strict CSP and no caching', async () => {
    const res = await app.inject({ url: '/dashboard/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<title>dash</title>');
    expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('redirects /dashboard to /dashboard/ keeping the query, so a shared link still works', async () => {
    const res = await app.inject({ url: '/dashboard?view=overdue&site=a' });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/dashboard/?view=overdue&site=a');
  });

  it('serves hashed assets as immutable with the CSP, but not source maps or files outside assets', async () => {
    const js = await app.inject({ url: '/dashboard/assets/dashboard-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect((await app.inject({ url: '/dashboard/assets/dashboard-abc.js.map' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/dashboard/assets/../index.html' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/dashboard/assets/%2e%2e/index.html' })).statusCode).toBe(404);
  });

  it('leaves routes outside /dashboard/ without its headers', async () => {
    const res = await app.inject({ url: '/api/v1/other' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it('says how to build the page when it is missing', async () => {
    const bare = await appFor(fakeRenderer(false));
    const res = await bare.inject({ url: '/dashboard/' });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('npm run build:renderer');
    await bare.close();
  });
});
