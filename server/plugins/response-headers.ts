import fp from 'fastify-plugin';
import { isHttps } from './dashboard-session';

/**
 * Headers every API answer carries unless its route chose otherwise. The API answers with rosters,
 * scores, badge-holders' names and statements: `no-store` keeps them out of the browser's disk
 * cache and any proxy's on a shared PC (a supervisor's board stays readable after sign-out
 * otherwise). Routes that want caching say so themselves (lesson media by hash is immutable).
 * `nosniff` on every answer, pages and errors included, so nothing is run as another type. Reached
 * over https (directly or behind a TLS proxy that says so), the browser is told to come back only
 * over https for a year: a sign-in typed later into a plain http:// address is never sent in clear.
 * Browsers ignore the header on plain http, so a forged X-Forwarded-Proto changes nothing.
 */
const API_PATH = /^\/(api|xapi)(\/|$)/;

export const responseHeadersPlugin = fp(async (app) => {
  app.addHook('onSend', async (req, reply) => {
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    if (API_PATH.test(req.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (isHttps(req)) reply.header('strict-transport-security', 'max-age=31536000');
  });
});
