import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { enrollRequest, slugId, type EnrollResponse } from '../../common/contracts/sync';
import { createEnrollmentCode, DEFAULT_CODE_LIFETIME_MS, revokeTerminal } from '../admin';
import { enrollTerminal } from '../enrollment/enroll-terminal';
import { sitePinPepper } from '../staff/pin-pepper';
import { enrollmentCodeId, listEnrollmentCodes, revokeEnrollmentCode } from '../enrollment/enrollment-codes';
import { adminRoutes } from './route-scopes';

const codeRequest = z
  .object({ siteId: slugId, stationId: slugId, expiresInSeconds: z.number().int().min(60).max(30 * 86_400).optional() })
  .strict()
  .describe('enrollment code request');

/**
 * POST /api/v1/enroll: a one-time code becomes a terminal id and credential (a retry with the same
 * request id, soon after, gets the same terminal id and a new credential: enroll-terminal.ts).
 * Admin: create, list and revoke enrollment codes; revoke terminals (the list is the fleet view, plugins/fleet.ts).
 */
export const enrollmentPlugin: FastifyPluginAsyncZod<{ now: () => Date; publicUrl: string }> = async (app, opts) => {
  const { now } = opts;

  app.post('/api/v1/enroll', { schema: { tags: ['terminal'], body: enrollRequest.describe('enrollment request') } }, async (req): Promise<EnrollResponse> => {
    const { rotated, ...enrolled } = await app.secretGuard.attempt(req, { scheme: 'enrollment-code', credential: null }, () => enrollTerminal(app.db, req.body, now()));
    const where = { terminalId: enrolled.terminalId, siteId: enrolled.site.id, stationId: enrolled.station.id };
    if (rotated) req.log.warn({ ...where, ip: req.ip }, 'terminal enrollment answered again (its first answer was lost): credential replaced');
    else req.log.info(where, 'terminal enrolled');
    return { ...enrolled, publicUrl: opts.publicUrl, pinPepper: await sitePinPepper(app.db, enrolled.site.id) };
  });

  adminRoutes(app, (admin) => {
    admin.post('/api/v1/admin/enrollment-codes', { schema: { body: codeRequest } }, async (req, reply) => {
      const { siteId, stationId, expiresInSeconds } = req.body;
      const lifetime = expiresInSeconds ? expiresInSeconds * 1000 : DEFAULT_CODE_LIFETIME_MS;
      return reply.code(201).send(await createEnrollmentCode(app.db, siteId, stationId, lifetime, now()));
    });
    admin.get('/api/v1/admin/enrollment-codes', async () => ({ codes: await listEnrollmentCodes(app.db, now()) }));
    admin.post('/api/v1/admin/enrollment-codes/:id/revoke', { schema: { params: z.object({ id: enrollmentCodeId }).strict() } }, async (req) =>
      revokeEnrollmentCode(app.db, req.params.id, now()),
    );
    admin.post('/api/v1/admin/terminals/:id/revoke', { schema: { params: z.object({ id: z.string() }) } }, async (req) => revokeTerminal(app.db, req.params.id));
  });
};
