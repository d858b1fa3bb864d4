import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/db';
import { shared } from '../plugin';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Makes the database every plugin uses available as app.db; the caller owns opening and closing it. */
export const dbPlugin = shared<FastifyPluginAsync<{ db: Db }>>(async (app, opts) => {
  app.decorate('db', opts.db);
}, 'db');
