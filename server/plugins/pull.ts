import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pullQuery, type PullResponse } from '../../common/contracts/sync';
import { keyStaffPins, sitePinPepper } from '../staff/pin-pepper';
import { pullChanges } from '../sync/pull';
import { terminalRoutes } from './route-scopes';

/** GET /api/v1/sync/pull: the terminal's site's roster, lessons and assignments changed since a cursor. */
export const pullPlugin: FastifyPluginAsyncZod<{ publicUrl: string }> = async (app, opts) => {
  terminalRoutes(app, (terminal) => {
    terminal.get('/api/v1/sync/pull', { schema: { querystring: pullQuery.describe('pull query') } }, async (req): Promise<PullResponse> => {
      const principal = req.principal;
      if (principal?.kind !== 'terminal') throw new Error('pull reached without a terminal principal');
      const page = await pullChanges(app.db, principal.siteId, req.query.cursor, req.query.limit);
      const pinPepper = await sitePinPepper(app.db, principal.siteId);
      return { ...page, changes: keyStaffPins(page.changes, pinPepper), publicUrl: opts.publicUrl, pinPepper };
    });
  });
};
