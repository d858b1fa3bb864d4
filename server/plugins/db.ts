import fp from 'fastify-plugin';
import type { Db } from '../db/db';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Makes the database every plugin uses available as app.db; the caller owns opening and closing it. */
export const dbPlugin = fp<{ db: Db }>(
  async (app, opts) => {
    app.decorate('db', opts.db);
  },
  { name: 'db' },
);
