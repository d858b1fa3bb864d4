import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import { alternateMethod, alternateRequest, parseForm, rewriteRequest, type XapiMethod } from './alternate-syntax';
import { activitiesAgentsResources } from './activities-agents-resource';
import { documentsResources } from './documents-resource';
import { statementsResource, type StatementsOptions } from './statements-resource';

export const XAPI_VERSION = '1.0.3';

/** Requests that need neither credentials nor the version header (Communication 2.8 About Resource). */
const OPEN_ROUTES = new Set(['/xapi/about']);

/**
 * The xAPI 1.0.3 LRS under /xapi: what every resource shares (the version header both ways,
 * authentication, the LRS's own 404), then the resources.
 */
export const lrsPlugin: FastifyPluginAsyncZod<StatementsOptions> = async (app, opts) => {
  // On every response, errors and 404s included (Communication 1.2 Headers).
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('X-Experience-API-Version', XAPI_VERSION);
    return payload;
  });
  async function authenticate(req: FastifyRequest): Promise<void> {
    const version = req.headers['x-experience-api-version'];
    if (typeof version !== 'string' || !/^1\.0(\.\d+)?$/.test(version.trim())) {
      throw new HttpError(400, 'xapi-version-missing', 'send the header X-Experience-API-Version: 1.0.3 (this LRS speaks xAPI 1.0.x) (Communication 3.3 Versioning)');
    }
    req.principal = await app.auth.statementsClient(req);
  }
  // An alternate request's headers are in its form body: it is authenticated once that is parsed.
  const alternate = new WeakMap<FastifyRequest, XapiMethod>();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error);
    }
  });
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    if (route === undefined || OPEN_ROUTES.has(route)) return;
    const method = alternateMethod(req.method, req.query as Record<string, unknown>);
    if (method) alternate.set(req, method);
    else await authenticate(req);
  });
  app.addHook('preValidation', async (req) => {
    const method = alternate.get(req);
    if (!method) return;
    rewriteRequest(req, alternateRequest(method, req.headers['content-type'], req.body));
    await authenticate(req);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'not-found', message: `no xAPI resource ${req.method} ${req.url.split('?')[0]}: the resources are statements, activities, activities/state, activities/profile, agents, agents/profile and about` }),
  );

  app.get('/about', { schema: { tags: ['xapi'], response: { 200: z.object({ version: z.array(z.string()), extensions: z.record(z.string(), z.unknown()).optional() }) } } }, async () => ({
    version: [XAPI_VERSION],
  }));
  await app.register(statementsResource, { publicUrl: opts.publicUrl, now: opts.now, maxClockSkewMs: opts.maxClockSkewMs });
  await app.register(documentsResources);
  await app.register(activitiesAgentsResources);
};
