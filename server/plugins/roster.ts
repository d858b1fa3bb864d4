import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createSite, createSiteInput, createStation, createStationInput, listSites } from '../admin';
import { assignmentsBody, badgesBody, deleteAssignment, deleteBadge, upsertAssignments, upsertBadges, upsertWorkers, workersBody } from '../roster/roster-store';
import { adminRoutes } from './route-scopes';

/**
 * Admin writes for sites, stations, workers, badges and assignments as JSON (the HR roster CSV goes to
 * POST /api/v1/admin/roster/import instead).
 */
export const rosterPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.get('/api/v1/admin/sites', async () => ({ sites: await listSites(app.db) }));
    // POST on an existing id renames (and restores) it: the dashboard's rename is the same call.
    admin.post('/api/v1/admin/sites', { schema: { body: createSiteInput.describe('site (an existing id is renamed)') } }, async (req, reply) =>
      reply.code(201).send(await createSite(app.db, req.body)),
    );
    admin.post('/api/v1/admin/stations', { schema: { body: createStationInput.describe('station (an existing id is renamed)') } }, async (req, reply) =>
      reply.code(201).send(await createStation(app.db, req.body)),
    );
    admin.put('/api/v1/admin/workers', { schema: { body: workersBody } }, async (req) => upsertWorkers(app.db, req.body));
    admin.put('/api/v1/admin/badges', { schema: { body: badgesBody } }, async (req) => upsertBadges(app.db, req.body));
    admin.delete('/api/v1/admin/badges/:badgeId', { schema: { params: z.object({ badgeId: z.string() }) } }, async (req) => deleteBadge(app.db, req.params.badgeId));
    admin.put('/api/v1/admin/assignments', { schema: { body: assignmentsBody } }, async (req) => upsertAssignments(app.db, req.body));
    admin.delete('/api/v1/admin/assignments/:id', { schema: { params: z.object({ id: z.string() }) } }, async (req) => deleteAssignment(app.db, req.params.id));
  });
};
