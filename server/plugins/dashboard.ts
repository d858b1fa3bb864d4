import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  completionsPerWeekQuery,
  dashboardFilters,
  overdueQuery,
  recertCalendarQuery,
  skillMatrixQuery,
  type DashboardFilters,
} from '../../common/contracts/dashboard';
import { completionsPerWeekCsv, overdueCsvRows, overviewCsv, recertCalendarCsvRows, skillMatrixCsvRows } from '../dashboard/csv';
import { completionsPerWeek, overduePage, overdueRows, overview, recertCalendar, recertRows, skillMatrixPage } from '../dashboard/read';
import { sitesForQuery, sitesInScope } from '../dashboard/scope';
import { ensureFresh } from '../summaries/summaries';

/**
 * The dashboard's read API, over the summaries kept on write (server/summaries/). Every query is cut
 * to the signed-in user's sites before anything is read, so a supervisor's answer never holds
 * another site's rows; naming another site is a 403. Lists that grow with the company (overdue,
 * recertification calendar, skill matrix) are paged; their CSV download streams every row.
 */
const route = <S extends z.ZodType>(querystring: S) => ({ schema: { tags: ['dashboard'], querystring: querystring.describe('dashboard query') } });

/** Workers per page while the skill-matrix CSV walks a site: a site's workers fit in a page or a few. */
const CSV_PAGE = 10_000;

export const dashboardPlugin: FastifyPluginAsyncZod<{ now?: () => Date }> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());

  async function scope(req: FastifyRequest, query: DashboardFilters) {
    const user = await app.dashboardUser(req);
    const sites = sitesForQuery(await sitesInScope(app.db, user), query.site);
    const at = now();
    await ensureFresh(app.db, sites.map((s) => s.id), at);
    return { sites, at, filter: { station: query.station, role: query.role } };
  }

  function csv(reply: FastifyReply, name: string, at: Date, body: string | AsyncIterable<string>) {
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="shiftlearn-${name}-${at.toISOString().slice(0, 10)}.csv"`)
      .send(typeof body === 'string' ? body : Readable.from(body));
  }

  app.get('/api/v1/dashboard/overview', route(dashboardFilters), async (req, reply) => {
    const { sites, at, filter } = await scope(req, req.query);
    const body = await overview(app.db, sites, filter);
    return req.query.format === 'csv' ? csv(reply, 'overview', at, overviewCsv(body)) : body;
  });

  app.get('/api/v1/dashboard/overdue', route(overdueQuery), async (req, reply) => {
    const query = req.query;
    const { sites, at, filter } = await scope(req, query);
    if (query.format !== 'csv') return overduePage(app.db, sites, filter, query);
    return csv(reply, 'overdue', at, overdueCsvRows(overdueRows(app.db, sites, filter, query)));
  });

  app.get('/api/v1/dashboard/recert-calendar', route(recertCalendarQuery), async (req, reply) => {
    const query = req.query;
    const { sites, at, filter } = await scope(req, query);
    if (query.format !== 'csv') return recertCalendar(app.db, sites, filter, at, query);
    return csv(reply, 'recert-calendar', at, recertCalendarCsvRows(recertRows(app.db, sites, filter, at, query.days)));
  });

  app.get('/api/v1/dashboard/skill-matrix', route(skillMatrixQuery), async (req, reply) => {
    const query = req.query;
    const { sites, at, filter } = await scope(req, query);
    // One site at a time: without a site, the first of the user's.
    const site = sites[0] ?? null;
    if (query.format !== 'csv') return skillMatrixPage(app.db, site, filter, query.page, query.pageSize);
    const first = await skillMatrixPage(app.db, site, filter, 1, CSV_PAGE);
    const pages = async function* () {
      yield first;
      for (let page = 2; (page - 1) * CSV_PAGE < first.total; page++) yield await skillMatrixPage(app.db, site, filter, page, CSV_PAGE);
    };
    return csv(reply, 'skill-matrix', at, skillMatrixCsvRows(first.lessons, pages()));
  });

  app.get('/api/v1/dashboard/completions-per-week', route(completionsPerWeekQuery), async (req, reply) => {
    const { sites, at, filter } = await scope(req, req.query);
    const body = await completionsPerWeek(app.db, sites, filter, at, req.query.weeks);
    return req.query.format === 'csv' ? csv(reply, 'completions-per-week', at, completionsPerWeekCsv(body)) : body;
  });
};
