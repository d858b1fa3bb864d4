import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fleetResponse, type FleetResponse } from '../../common/contracts/fleet';
import { terminalStatusReport } from '../../common/contracts/sync';
import { listFleet, saveTerminalStatus, STALE_AFTER_SECONDS } from '../fleet/terminal-status';
import { adminRoutes, terminalRoutes } from './route-scopes';

/**
 * Fleet status. Terminal: POST /api/v1/sync/status, its latest self-report (kept apart from
 * statements and security events). Admin: GET /api/v1/admin/terminals, every terminal with last
 * contact, stale flag and latest report.
 */
export const fleetPlugin: FastifyPluginAsyncZod = async (app) => {
  terminalRoutes(app, (terminal) => {
    terminal.post('/api/v1/sync/status', { schema: { body: terminalStatusReport.describe('terminal status report') } }, async (req, reply) => {
      const principal = req.principal;
      if (principal?.kind !== 'terminal') throw new Error('status report reached without a terminal principal');
      await saveTerminalStatus(app.db, principal.terminalId, req.body);
      return reply.code(204).send();
    });
  });

  adminRoutes(app, (admin) => {
    admin.get('/api/v1/admin/terminals', { schema: { response: { 200: fleetResponse.describe('fleet of terminals') } } }, async (): Promise<FleetResponse> => ({
      staleAfterSeconds: STALE_AFTER_SECONDS,
      terminals: await listFleet(app.db),
    }));
  });
};
