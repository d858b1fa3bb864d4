import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminRoutes } from '../plugins/route-scopes';
import { clearStaffPin, setStaffPin } from './staff-pins';

const params = z.object({ employeeId: z.string().min(1).max(64) }).strict().describe('staff PIN path');
/** The PIN as a string, so a leading zero survives; the policy check names what is wrong with it. */
const setBody = z.object({ pin: z.string().max(64) }).strict().describe('staff PIN body (send {"pin": "<6-12 digits>"})');

/** Admin: staff PINs (PUT sets, DELETE clears). The PIN and its hash never reach the log. */
export const staffPinsPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.put('/api/v1/admin/staff-pins/:employeeId', { schema: { params, body: setBody } }, async (req) => {
      const result = await setStaffPin(app.db, req.params.employeeId, req.body.pin);
      req.log.info({ employeeId: result.employeeId, siteId: result.siteId }, 'staff PIN set');
      return result;
    });

    admin.delete('/api/v1/admin/staff-pins/:employeeId', { schema: { params } }, async (req) => {
      const result = await clearStaffPin(app.db, req.params.employeeId);
      req.log.info({ employeeId: result.employeeId, siteId: result.siteId, changed: result.changed }, 'staff PIN cleared');
      return result;
    });
  });
};
