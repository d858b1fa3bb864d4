import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importRoster } from '../roster/import';
import { adminRoutes } from './route-scopes';

const importQuery = z.object({ dryRun: z.enum(['true', 'false', '1', '0']).optional() }).strict().describe('roster import query');
const ROSTER_BODY_LIMIT = 32 * 1024 * 1024;

/** Admin: roster import from an HR CSV (common/contracts/roster-import.ts), with a dry run that changes nothing. */
export const rosterImportPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: ROSTER_BODY_LIMIT }, (_req, body, done) => done(null, body));

    admin.post('/api/v1/admin/roster/import', { bodyLimit: ROSTER_BODY_LIMIT, schema: { querystring: importQuery } }, async (req, reply) => {
      if (typeof req.body !== 'string') {
        return reply.code(415).send({ error: 'unsupported-media-type', message: 'send the roster CSV as the request body with Content-Type: text/csv' });
      }
      const dryRun = req.query.dryRun === 'true' || req.query.dryRun === '1';
      const result = await importRoster(app.db, req.body, { dryRun });
      req.log.info(
        { dryRun, applied: result.applied, sites: result.sites, added: result.added, changed: result.changed, deactivated: result.deactivated, errors: result.errors.length },
        'roster import',
      );
      // A refused apply is the client's to fix (the rows named); a dry run always reports.
      return reply.code(!dryRun && !result.applied ? 422 : 200).send(result);
    });
  });
};
