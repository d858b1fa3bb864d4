import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../errors';
import { adminRoutes } from '../plugins/admin-scope';
import { clearStaffPin, setStaffPin } from './staff-pins';

const params = z.object({ employeeId: z.string().min(1).max(64) }).strict();
/** The PIN as a string, so a leading zero survives; the policy check names what is wrong with it. */
const setBody = z.object({ pin: z.string().max(64) }).strict();

/** Admin: staff PINs (PUT sets, DELETE clears). The PIN and its hash never reach the log. */
export const staffPinsPlugin: FastifyPluginAsync = async (app) => {
  adminRoutes(app, (admin) => {
    admin.put('/api/v1/admin/staff-pins/:employeeId', async (req) => {
      const p = params.safeParse(req.params);
      if (!p.success) throw badRequest(p.error, 'staff PIN path', 'employeeId');
      const body = setBody.safeParse(req.body);
      if (!body.success) throw badRequest(body.error, 'staff PIN body (send {"pin": "<4-8 digits>"})');
      const result = await setStaffPin(app.db, p.data.employeeId, body.data.pin);
      req.log.info({ employeeId: result.employeeId, siteId: result.siteId }, 'staff PIN set');
      return result;
    });

    admin.delete('/api/v1/admin/staff-pins/:employeeId', async (req) => {
      const p = params.safeParse(req.params);
      if (!p.success) throw badRequest(p.error, 'staff PIN path', 'employeeId');
      const result = await clearStaffPin(app.db, p.data.employeeId);
      req.log.info({ employeeId: result.employeeId, siteId: result.siteId, changed: result.changed }, 'staff PIN cleared');
      return result;
    });
  });
};
