import type { FastifyPluginAsync } from 'fastify';
import { pullQuery, type PullResponse } from '../../common/contracts/sync';
import { badRequest } from '../errors';
import { pullChanges } from '../sync/pull';

/** GET /api/v1/sync/pull: the terminal's site's roster, lessons and assignments changed since a cursor. */
export const pullPlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (req) => {
    req.principal = await app.auth.terminal(req);
  });
  app.get('/api/v1/sync/pull', async (req): Promise<PullResponse> => {
    const parsed = pullQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest(parsed.error, 'pull query', 'query');
    const terminal = req.principal!;
    if (terminal.kind !== 'terminal') throw new Error('pull reached without a terminal principal');
    return pullChanges(app.db, terminal.siteId, parsed.data.cursor, parsed.data.limit);
  });
};
