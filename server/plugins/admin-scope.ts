import type { FastifyInstance } from 'fastify';

/** Registers routes in a child scope where every request must carry a valid admin token. */
export function adminRoutes(app: FastifyInstance, routes: (admin: FastifyInstance) => void): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (req) => {
      req.principal = await app.auth.admin(req);
    });
    routes(admin);
  });
}
