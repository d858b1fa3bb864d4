import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { completionsPerWeekQuery, dashboardFilters, recertCalendarQuery, type DashboardFilters } from '../../common/contracts/dashboard';
import { completionsPerWeekCsv, overdueCsv, overviewCsv, recertCalendarCsv, skillMatrixCsv } from '../dashboard/csv';
import { loadDashboardData } from '../dashboard/data';
import { sitesForQuery, sitesInScope } from '../dashboard/scope';
import { completionsPerWeek, computeMatrices, overdueList, overview, recertCalendar, skillMatrixView } from '../dashboard/views';

/**
 * The dashboard's read API. Every query is cut to the signed-in user's sites before anything is
 * loaded, so a supervisor's answer never holds another site's rows; naming another site is a 403.
 */
const route = <S extends z.ZodType>(querystring: S) => ({ schema: { tags: ['dashboard'], querystring: querystring.describe('dashboard query') } });

export const dashboardPlugin: FastifyPluginAsyncZod<{ now?: () => Date }> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());

  async function load(req: FastifyRequest, query: DashboardFilters) {
    const user = await app.dashboardUser(req);
    const sites = sitesForQuery(await sitesInScope(app.db, user), query.site);
    const data = await loadDashboardData(app.db, sites, { station: query.station, role: query.role });
    return { data, at: now() };
  }

  function send<T>(reply: FastifyReply, format: string | undefined, name: string, at: Date, body: T, toCsv: (v: T) => string) {
    if (format !== 'csv') return body;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="shiftlearn-${name}-${at.toISOString().slice(0, 10)}.csv"`)
      .send(toCsv(body));
  }

  app.get('/api/v1/dashboard/overview', route(dashboardFilters), async (req, reply) => {
    const query = req.query;
    const { data, at } = await load(req, query);
    return send(reply, query.format, 'overview', at, overview(computeMatrices(data, at), query.station), overviewCsv);
  });

  app.get('/api/v1/dashboard/overdue', route(dashboardFilters), async (req, reply) => {
    const query = req.query;
    const { data, at } = await load(req, query);
    return send(reply, query.format, 'overdue', at, overdueList(computeMatrices(data, at)), overdueCsv);
  });

  app.get('/api/v1/dashboard/recert-calendar', route(recertCalendarQuery), async (req, reply) => {
    const query = req.query;
    const { data, at } = await load(req, query);
    return send(reply, query.format, 'recert-calendar', at, recertCalendar(computeMatrices(data, at), at, query.days), recertCalendarCsv);
  });

  app.get('/api/v1/dashboard/skill-matrix', route(dashboardFilters), async (req, reply) => {
    const query = req.query;
    const { data, at } = await load(req, query);
    return send(reply, query.format, 'skill-matrix', at, skillMatrixView(computeMatrices(data, at)), skillMatrixCsv);
  });

  app.get('/api/v1/dashboard/completions-per-week', route(completionsPerWeekQuery), async (req, reply) => {
    const query = req.query;
    const { data, at } = await load(req, query);
    const workerIds = data.sites.flatMap((s) => s.workers.map((w) => w.employeeId));
    return send(reply, query.format, 'completions-per-week', at, completionsPerWeek(data.historyByWorker, workerIds, at, query.weeks), completionsPerWeekCsv);
  });
};
