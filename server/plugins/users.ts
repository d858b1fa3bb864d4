import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUser, createUserInput, listUsers, passwordInput, setUserPassword, updateUser, updateUserInput } from '../dashboard/users';
import { adminRoutes } from './route-scopes';

const userParams = z.object({ id: z.uuid() }).strict().describe('user path (the id from GET /api/v1/admin/users)');

/** Admin: dashboard users (what `npm run server -- user ...` does). Passwords are never returned or logged. */
export const usersPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.get('/api/v1/admin/users', async () => ({ users: await listUsers(app.db) }));
    admin.post('/api/v1/admin/users', { schema: { body: createUserInput.describe('dashboard user (an existing email is replaced)') } }, async (req, reply) =>
      reply.code(201).send(await createUser(app.db, req.body)),
    );
    admin.patch('/api/v1/admin/users/:id', { schema: { params: userParams, body: updateUserInput } }, async (req) => updateUser(app.db, req.params.id, req.body));
    admin.put('/api/v1/admin/users/:id/password', { schema: { params: userParams, body: passwordInput } }, async (req) => setUserPassword(app.db, req.params.id, req.body.password));
  });
};
