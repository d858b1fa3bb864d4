import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { badRequest } from './errors';

const PART_NAMES: Record<string, { what: string; prefix: string }> = {
  body: { what: 'request body', prefix: '' },
  querystring: { what: 'query', prefix: 'query' },
  params: { what: 'path', prefix: '' },
  headers: { what: 'headers', prefix: 'headers' },
};

/**
 * Route schemas are zod (fastify-type-provider-zod types the handlers); a request that does not
 * match gets the server's usual 400: every field named with its problem, and the fix. A schema's
 * description, when set, names what was invalid ("staff PIN body (send {"pin": "<digits>"})").
 */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const part = PART_NAMES[httpPart ?? 'body'] ?? PART_NAMES.body;
    return { error: badRequest(result.error, schema.description ?? part.what, part.prefix) };
  };
