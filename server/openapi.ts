import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * The xAPI Statements resource follows the xAPI specification rather than this document, and the
 * dashboard page and its assets are HTML, not API.
 */
export const UNDOCUMENTED = [/^\/xapi\//, /^\/dashboard(\/|$)/, /^\/openapi\./];

/**
 * @fastify/swagger options: the document is generated from the routes' zod schemas, served at
 * GET /openapi.json and /openapi.yaml. Scopes tag their routes (route-scopes.ts) with the security
 * scheme they need.
 */
export function openApiOptions(serverUrl: string): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Shiftlearn server (non-xAPI endpoints)',
        version: '1.0.0',
        description: [
          'Terminal enrollment, sync pull, media, administration and the dashboard API.',
          'The xAPI 1.0.3 Statements resource lives at /xapi/statements (POST, PUT ?statementId=, GET with statementId, agent, verb,',
          'activity, since, until, limit, ascending, more) and follows the xAPI specification; it needs the header',
          'X-Experience-API-Version: 1.0.x and a terminal credential, HTTP Basic with an LRS key, or an admin token.',
          'Payload schemas are defined once in zod (common/contracts/). Every error body is {error, message}; the message',
          'names the problem and the fix. Pull change kinds and payloads: common/contracts/sync.ts.',
        ].join(' '),
      },
      servers: [{ url: serverUrl }],
      components: {
        securitySchemes: {
          terminal: { type: 'http', scheme: 'bearer', description: '"<terminalId>.<credential>" as returned by POST /api/v1/enroll. Revoked terminals get 403.' },
          admin: {
            type: 'http',
            scheme: 'bearer',
            description: 'Admin token from `npm run server -- admin-token create`. An admin dashboard session is accepted too; then requests other than GET need the header X-Requested-With: shiftlearn.',
          },
          dashboardSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'sl_session',
            description: 'Set by POST /api/v1/dashboard/login (HttpOnly, SameSite=Strict, Secure over https, 12 hours). Writes need X-Requested-With: shiftlearn.',
          },
        },
      },
    },
    transform: (doc) => (UNDOCUMENTED.some((re) => re.test(doc.url)) ? { schema: { hide: true }, url: doc.url } : jsonSchemaTransform(doc)),
  };
}
