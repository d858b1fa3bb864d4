import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { securityEventsResponse, terminalEventsRequest, type SecurityEventsResponse } from '../../common/contracts/security-events';
import { sitesForQuery, sitesInScope } from '../dashboard/scope';
import { terminalRoutes } from '../plugins/route-scopes';
import { listSecurityEvents, saveTerminalEvents } from './terminal-events';

const dashboardQuery = z
  .object({
    site: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
  .describe('security events query');

/**
 * Terminal: POST /api/v1/terminal/events, the security events of its outbox (PIN lockouts,
 * unknown-badge throttling). Dashboard: GET /api/v1/dashboard/security-events, those of the
 * signed-in user's sites, newest first.
 */
export const terminalEventsPlugin: FastifyPluginAsyncZod = async (app) => {
  terminalRoutes(app, (terminal) => {
    terminal.post('/api/v1/terminal/events', { schema: { body: terminalEventsRequest.describe('terminal security events') } }, async (req, reply) => {
      const principal = req.principal;
      if (principal?.kind !== 'terminal') throw new Error('terminal events reached without a terminal principal');
      const stored = await saveTerminalEvents(app.db, principal, req.body.events);
      req.log.warn({ terminalId: principal.terminalId, siteId: principal.siteId, kinds: req.body.events.map((e) => e.kind), stored }, 'terminal security events');
      return reply.code(204).send();
    });
  });

  app.get(
    '/api/v1/dashboard/security-events',
    { schema: { tags: ['dashboard'], querystring: dashboardQuery, response: { 200: securityEventsResponse.describe('terminal security events') } } },
    async (req): Promise<SecurityEventsResponse> => {
      const user = await app.dashboardUser(req);
      const sites = sitesForQuery(await sitesInScope(app.db, user), req.query.site);
      return { events: await listSecurityEvents(app.db, sites.map((s) => s.id), req.query.limit) };
    },
  );
};
