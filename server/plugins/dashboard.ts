import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { completionsPerWeekQuery, dashboardFilters, recertCalendarQuery } from '../../common/contracts/dashboard';
import { completionsPerWeekCsv, overdueCsv, overviewCsv, recertCalendarCsv, skillMatrixCsv } from '../dashboard/csv';
import { loadDashboardData } from '../dashboard/data';
import { sitesForQuery, sitesInScope } from '../dashboard/scope';
import { completionsPerWeek, computeMatrices, overdueList, overview, recertCalendar, skillMatrixView } from '../dashboard/views';
import { badRequest } from '../errors';

/**
 * The dashboard's read API. Every query is cut to the signed-in user's sites before anything is
 * loaded, so a supervisor's answer never holds another site's rows; naming another site is a 403.
 */
export const dashboardPlugin: FastifyPluginAsync<{ now?: () => Date }> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());

  async function load<S extends typeof dashboardFilters>(req: FastifyRequest, schema: S) {
    const parsed = schema.safeParse(req.query);
    if (!parsed.success) throw badRequest(parsed.error, 'dashboard query', 'query');
    const query = parsed.data as z.infer<S>;
    const user = await app.dashboardUser(req);
    const sites = sitesForQuery(await sitesInScope(app.db, user), query.site);
    const data = await loadDashboardData(app.db, sites, { station: query.station, role: query.role });
    return { query, data, at: now() };
  }

  function send<T>(reply: FastifyReply, format: string | undefined, name: string, at: Date, body: T, toCsv: (v: T) => string) {
    if (format !== 'csv') return body;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="shiftlearn-${name}-${at.toISOString().slice(0, 10)}.csv"`)
      .send(toCsv(body));
  }

  app.get('/api/v1/dashboard/overview', async (req, reply) => {
    const { query, data, at } = await load(req, dashboardFilters);
    return send(reply, query.format, 'overview', at, overview(computeMatrices(data, at), query.station), overviewCsv);
  });

  app.get('/api/v1/dashboard/overdue', async (req, reply) => {
    const { query, data, at } = await load(req, dashboardFilters);
    return send(reply, query.format, 'overdue', at, overdueList(computeMatrices(data, at)), overdueCsv);
  });

  app.get('/api/v1/dashboard/recert-calendar', async (req, reply) => {
    const { query, data, at } = await load(req, recertCalendarQuery);
    return send(reply, query.format, 'recert-calendar', at, recertCalendar(computeMatrices(data, at), at, query.days), recertCalendarCsv);
  });

  app.get('/api/v1/dashboard/skill-matrix', async (req, reply) => {
    const { query, data, at } = await load(req, dashboardFilters);
    return send(reply, query.format, 'skill-matrix', at, skillMatrixView(computeMatrices(data, at)), skillMatrixCsv);
  });

  app.get('/api/v1/dashboard/completions-per-week', async (req, reply) => {
    const { query, data, at } = await load(req, completionsPerWeekQuery);
    const workerIds = data.sites.flatMap((s) => s.workers.map((w) => w.employeeId));
    return send(reply, query.format, 'completions-per-week', at, completionsPerWeek(data.historyByWorker, workerIds, at, query.weeks), completionsPerWeekCsv);
  });
};
