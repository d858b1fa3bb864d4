import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createAdminToken } from '../admin';
import { createLrsKey, createLrsKeyInput, listLrsKeys, revokeLrsKey } from '../lrs-keys';
import { adminRoutes } from './route-scopes';

const adminTokenInput = z.object({ label: z.string().trim().min(1).max(200) }).strict().describe('admin token');

/** Admin: LRS keys for reporting tools and admin tokens for scripts; each secret is in the create answer only. */
export const apiKeysPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.get('/api/v1/admin/lrs-keys', async () => ({ keys: await listLrsKeys(app.db) }));
    admin.post('/api/v1/admin/lrs-keys', { schema: { body: createLrsKeyInput } }, async (req, reply) =>
      reply.code(201).send(await createLrsKey(app.db, req.body.label, req.body.write)),
    );
    admin.post('/api/v1/admin/lrs-keys/:key/revoke', { schema: { params: z.object({ key: z.string().min(1).max(100) }).strict() } }, async (req) => revokeLrsKey(app.db, req.params.key));
    admin.post('/api/v1/admin/admin-tokens', { schema: { body: adminTokenInput } }, async (req, reply) => reply.code(201).send(await createAdminToken(app.db, req.body.label)));
  });
};
