import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCsrfHeader } from './dashboard-session';
import { requirementsForUser, setRequirementsAsUser } from '../roster/requirements-access';
import { getRequirements, requirementsInput, setRequirements } from '../roster/requirements';
import { getSettings, setSettings, settingsPatch } from '../settings/settings';
import { auditAdminAction } from '../audit/admin-actions';
import { adminRoutes, type ZodApp } from './route-scopes';

const DASHBOARD = { tags: ['dashboard'] };

/**
 * Admin: what roles and stations require, pulled by terminals as role-requirement and
 * station-requirement changes. The dashboard's Requirements page, `npm run server -- requirements`
 * and front matter `required_for` (at publish) all write these same rows. The dashboard routes
 * serve the page for whoever is signed in: supervisors see, and may be allowed to set, their own
 * sites' stations (server settings, also here).
 */
export const requirementsPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.put('/api/v1/admin/requirements', { schema: { body: requirementsInput.describe('requirements') } }, async (req) => setRequirements(app.db, req.body));
    admin.get('/api/v1/admin/requirements', async () => getRequirements(app.db));
    admin.get('/api/v1/admin/settings', async () => getSettings(app.db));
    admin.put('/api/v1/admin/settings', { schema: { body: settingsPatch } }, async (req) => {
      const by = req.principal?.kind === 'admin' ? req.principal.tokenId : 'admin';
      return setSettings(app.db, req.body, by);
    });
  });

  app.register(async (page: ZodApp) => {
    // A change here is an admin action whoever makes it: recorded in the audit log, refusals too.
    page.addHook('onSend', auditAdminAction(app));
    page.get('/api/v1/dashboard/requirements', { schema: DASHBOARD }, async (req) => requirementsForUser(app.db, await app.dashboardUser(req)));
    page.put('/api/v1/dashboard/requirements', { schema: { ...DASHBOARD, body: requirementsInput.describe('requirements of your sites\' stations (admins: any)') } }, async (req) => {
      const user = await app.dashboardUser(req);
      req.adminActor = { type: 'dashboard-user', id: user.id, email: user.email };
      requireCsrfHeader(req);
      return setRequirementsAsUser(app.db, user, req.body);
    });
  });
};
