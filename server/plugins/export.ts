import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { completionsCsv, statementsJsonl } from '../export/export';
import { adminRoutes } from './route-scopes';

/** Admin downloads of the same exports the CLI writes, streamed page by page. */
export const exportPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.get('/api/v1/admin/export/statements.jsonl', async (_req, reply) =>
      reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(statementsJsonl(app.db))),
    );
    admin.get('/api/v1/admin/export/completions.csv', async (_req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="completions.csv"')
        .send(Readable.from(completionsCsv(app.db))),
    );
  });
};
