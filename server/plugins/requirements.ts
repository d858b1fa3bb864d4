import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getRequirements, requirementsInput, setRequirements } from '../roster/requirements';
import { adminRoutes } from './route-scopes';

/**
 * Admin: what roles and stations require, pulled by terminals as role-requirement and
 * station-requirement changes. The dashboard's Requirements page, `npm run server -- requirements`
 * and front matter `required_for` (at publish) all write these same rows.
 */
export const requirementsPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.put('/api/v1/admin/requirements', { schema: { body: requirementsInput.describe('requirements') } }, async (req) => setRequirements(app.db, req.body));
    admin.get('/api/v1/admin/requirements', async () => getRequirements(app.db));
  });
};
