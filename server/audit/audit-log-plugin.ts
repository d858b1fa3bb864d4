import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminRoutes } from '../plugins/route-scopes';
import { AUDIT_KINDS, auditLogPage } from '../../common/contracts/audit';
import { listAudit } from './audit-log';

const query = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    before: z.coerce.number().int().min(1).optional().describe('the id of the last entry of the previous page'),
    kind: z.enum(AUDIT_KINDS).optional(),
  })
  .strict()
  .describe('audit log query');

/** Admin: GET /api/v1/admin/audit-log, newest first, paged by id. */
export const auditLogPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.get('/api/v1/admin/audit-log', { schema: { querystring: query, response: { 200: auditLogPage } } }, async (req) => {
      const entries = await listAudit(app.db, req.query);
      const full = entries.length === req.query.limit;
      return { entries, nextBefore: full ? entries[entries.length - 1].id : null };
    });
  });
};
