import type { Queryable } from '../db/db';
import { siteInputs } from '../summaries/inputs';
import { buildAuditReport, type AuditReport, type AuditReportQuery, type AuditWorker } from './audit-report';
import { listCertifications } from './certifications';
import { loadTrustedCompletions } from './completions';
import { credentialsOfWorkers } from './credential-store';
import { loadLessonVersions } from './lesson-versions';

/** Loads what the audit report needs for the sites already cut to the user's scope, and builds it. */
export async function loadAuditReport(db: Queryable, siteIds: string[], query: Omit<AuditReportQuery, 'format'>, now: Date): Promise<AuditReport> {
  const workers = await db.query<{ employee_id: string; display_name: string; site_id: string; roles: string[]; stations: string[]; active: boolean }>(
    `SELECT employee_id, display_name, site_id, roles, stations, active FROM workers
      WHERE NOT deleted AND site_id = ANY($1) AND ($2::text IS NULL OR employee_id = $2)
        AND ($3::text IS NULL OR $3 = ANY(stations)) AND ($4::text IS NULL OR $4 = ANY(roles))
      ORDER BY display_name, employee_id`,
    [siteIds, query.employeeId ?? null, query.station ?? null, query.role ?? null],
  );
  const auditWorkers: AuditWorker[] = workers.rows.map((w) => ({ employeeId: w.employee_id, name: w.display_name, siteId: w.site_id, roles: w.roles, stations: w.stations, active: w.active }));
  const ids = auditWorkers.map((w) => w.employeeId);
  const [completions, credentials, certifications, inputs] = await Promise.all([
    loadTrustedCompletions(db, { employeeIds: ids }),
    credentialsOfWorkers(db, ids),
    listCertifications(db),
    // The dashboard's loader and cache (keyed by the same db object); fresh, since a report states what holds now.
    siteInputs(db, db, siteIds, true),
  ]);
  const catalogIds = [...inputs.values()].flatMap((i) => i.catalog.map((l) => l.id));
  const versions = await loadLessonVersions(db, [...new Set([...catalogIds, ...completions.map((c) => c.lessonId)])]);
  return buildAuditReport({
    query,
    siteIds,
    workers: auditWorkers,
    completions,
    inputsOf: (siteId) => inputs.get(siteId)!,
    certifications,
    credentials,
    lessonTitle: (id) => versions.title(id),
    contentHash: (id, version) => versions.contentHash(id, version),
    now,
  });
}
