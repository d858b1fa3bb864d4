import fp from 'fastify-plugin';

/**
 * Headers every API answer carries unless its route chose otherwise. The API answers with rosters,
 * scores, badge-holders' names and statements: `no-store` keeps them out of the browser's disk
 * cache and any proxy's on a shared PC (a supervisor's board stays readable after sign-out
 * otherwise). Routes that want caching say so themselves (lesson media by hash is immutable).
 * `nosniff` on every answer, pages and errors included, so nothing is run as another type.
 */
const API_PATH = /^\/(api|xapi)(\/|$)/;

export const responseHeadersPlugin = fp(async (app) => {
  app.addHook('onSend', async (req, reply) => {
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    if (API_PATH.test(req.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
});
