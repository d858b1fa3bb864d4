import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import { sitesForQuery, sitesInScope } from '../dashboard/scope';
import { HttpError } from '../errors';
import { loadAuditReport } from './audit-data';
import { auditReportQuery } from './audit-report';
import { credentialsOfWorkers, currentCredentials } from './credential-store';
import type { IssuerIdentity } from './issuer-key';

export const certificatesQuery = z
  .object({
    employeeId: z.string().min(1).max(100).optional().describe("one worker's certificates"),
    site: slugId.optional(),
    station: slugId.optional().describe('every worker of this station (with site)'),
  })
  .strict()
  .refine((q) => (q.employeeId !== undefined) !== (q.station !== undefined), { message: 'give either employeeId (one worker) or site and station (a batch for the station)' })
  .refine((q) => q.station === undefined || q.site !== undefined, { message: 'station needs its site: add site=<site id>' });

/**
 * Certificate downloads for dashboard users: a worker's current certificates, or a batch for a
 * station, as one PDF. A supervisor gets only workers of their sites; another site's worker
 * answers like an unknown one, so ids cannot be probed.
 */
/**
 * The PDF and CSV writers load on the first download: pdf-lib, fontkit and qrcode take about half a
 * second to require, which every server start and admin CLI call would otherwise pay.
 */
const certificateFiles = () => import('./certificate-pdf');
const auditReportFiles = () => import('./audit-report-files');

export const downloadsPlugin: FastifyPluginAsyncZod<{ issuer: IssuerIdentity; now: () => Date }> = async (app, opts) => {
  app.get('/api/v1/dashboard/certificates', { schema: { tags: ['dashboard'], querystring: certificatesQuery, description: 'Certificates as a PDF (one page each)' } }, async (req, reply) => {
    const user = await app.dashboardUser(req);
    const scope = await sitesInScope(app.db, user);
    const q = req.query;
    const sites = sitesForQuery(scope, q.site).map((s) => s.id);
    const workers = await app.db.query<{ employee_id: string }>(
      `SELECT employee_id FROM workers WHERE NOT deleted AND site_id = ANY($1)
         AND ($2::text IS NULL OR employee_id = $2) AND ($3::text IS NULL OR $3 = ANY(stations)) ORDER BY display_name, employee_id`,
      [sites, q.employeeId ?? null, q.station ?? null],
    );
    if (q.employeeId !== undefined && workers.rowCount === 0) throw new HttpError(404, 'worker-not-found', `no worker "${q.employeeId}" at your sites: check the employee id`);
    const ids = workers.rows.map((w) => w.employee_id);
    const order = new Map(ids.map((id, i) => [id, i]));
    const credentials = currentCredentials(await credentialsOfWorkers(app.db, ids)).sort((a, b) => order.get(a.employeeId)! - order.get(b.employeeId)! || a.certificationName.localeCompare(b.certificationName));
    if (credentials.length === 0) {
      throw new HttpError(404, 'no-certificates', q.employeeId !== undefined ? `worker "${q.employeeId}" holds no certificate yet` : `no worker of station "${q.station}" holds a certificate yet`);
    }
    const now = opts.now();
    const name = q.employeeId !== undefined ? `certificates-${q.employeeId}` : `certificates-${q.site}-${q.station}`;
    const { certificatesPdf } = await certificateFiles();
    const pdf = await certificatesPdf(credentials, opts.issuer, now, `Shiftlearn ${name}`);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}-${now.toISOString().slice(0, 10)}.pdf"`)
      .send(Buffer.from(pdf));
  });

  app.get(
    '/api/v1/dashboard/audit-report',
    { schema: { tags: ['dashboard'], querystring: auditReportQuery, description: "Audit report (site/station/role/date range) or, with employeeId, one worker's training record: JSON, CSV or PDF" } },
    async (req, reply) => {
      const user = await app.dashboardUser(req);
      const { format, ...query } = req.query;
      const sites = sitesForQuery(await sitesInScope(app.db, user), query.site).map((s) => s.id);
      const now = opts.now();
      const report = await loadAuditReport(app.db, sites, query, now);
      if (query.employeeId !== undefined && report.workerCount === 0) throw new HttpError(404, 'worker-not-found', `no worker "${query.employeeId}" at your sites: check the employee id`);
      if (format === 'json') return report;
      const name = `${query.employeeId !== undefined ? `training-record-${query.employeeId}` : 'audit-report'}-${now.toISOString().slice(0, 10)}`.replace(/[^A-Za-z0-9._-]/g, '_');
      const { auditReportCsv, auditReportPdf } = await auditReportFiles();
      if (format === 'csv') {
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(auditReportCsv(report));
      }
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(Buffer.from(await auditReportPdf(report, now)));
    },
  );
};
