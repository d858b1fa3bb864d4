import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { displayNamesBody, listDisplayNames, setDisplayNames } from '../roster/display-names';
import { adminRoutes } from './route-scopes';

/** Role, station and skill names per language; terminals get them with the next pull. */
export const displayNamesPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.get('/api/v1/admin/display-names', async () => ({ names: await listDisplayNames(app.db) }));
    admin.put('/api/v1/admin/display-names', { schema: { body: displayNamesBody } }, async (req) => setDisplayNames(app.db, req.body.names));
  });
};
