import { lesson as lessonSchema } from '../../common/contracts/lesson';
import { catalogFromLessons } from '../../common/paths/catalog';
import type { Requirement, Requirements } from '../../common/paths/types';
import type { Queryable } from '../db/db';
import { buildAuditReport, type AuditReport, type AuditReportQuery, type AuditWorker } from './audit-report';
import { listCertifications } from './certifications';
import { loadTrustedCompletions } from './completions';
import { credentialsOfWorkers } from './credential-store';
import { loadLessonVersions } from './lesson-versions';

function group(rows: Array<{ owner: string; lessons: string[]; skills: string[] }>): Record<string, Requirement> {
  const out: Record<string, Requirement> = {};
  for (const r of rows) if (r.lessons.length > 0) out[r.owner] = { lessons: r.lessons, skills: r.skills };
  return out;
}

/** Loads what the audit report needs for the sites already cut to the user's scope, and builds it. */
export async function loadAuditReport(db: Queryable, siteIds: string[], query: Omit<AuditReportQuery, 'format'>, now: Date): Promise<AuditReport> {
  const workers = await db.query<{ employee_id: string; display_name: string; site_id: string; roles: string[]; stations: string[] }>(
    `SELECT employee_id, display_name, site_id, roles, stations FROM workers
      WHERE NOT deleted AND site_id = ANY($1) AND ($2::text IS NULL OR employee_id = $2)
        AND ($3::text IS NULL OR $3 = ANY(stations)) AND ($4::text IS NULL OR $4 = ANY(roles))
      ORDER BY display_name, employee_id`,
    [siteIds, query.employeeId ?? null, query.station ?? null, query.role ?? null],
  );
  const auditWorkers: AuditWorker[] = workers.rows.map((w) => ({ employeeId: w.employee_id, name: w.display_name, siteId: w.site_id, roles: w.roles, stations: w.stations }));
  const ids = auditWorkers.map((w) => w.employeeId);
  const [completions, credentials, certifications, lessons, roleReqs, stationReqs] = await Promise.all([
    loadTrustedCompletions(db, { employeeIds: ids }),
    credentialsOfWorkers(db, ids),
    listCertifications(db),
    db.query<{ json: unknown }>('SELECT json FROM lessons WHERE NOT deleted AND (site_id IS NULL OR site_id = ANY($1))', [siteIds]),
    db.query<{ owner: string; lessons: string[]; skills: string[] }>('SELECT role AS owner, lessons, skills FROM role_requirements'),
    db.query<{ site_id: string; owner: string; lessons: string[]; skills: string[] }>('SELECT site_id, station_id AS owner, lessons, skills FROM station_requirements WHERE site_id = ANY($1)', [siteIds]),
  ]);
  const catalog = catalogFromLessons(lessons.rows.flatMap((r) => {
    const parsed = lessonSchema.safeParse(r.json);
    return parsed.success ? [parsed.data] : [];
  }));
  const versions = await loadLessonVersions(db, [...new Set([...catalog.map((l) => l.id), ...completions.map((c) => c.lessonId)])]);
  const byRole = group(roleReqs.rows);
  const bySite = new Map<string, Requirements>();
  for (const site of siteIds) bySite.set(site, { byRole, byStation: group(stationReqs.rows.filter((r) => r.site_id === site)) });
  return buildAuditReport({
    query,
    siteIds,
    workers: auditWorkers,
    completions,
    catalog,
    requirementsOf: (siteId) => bySite.get(siteId) ?? { byRole, byStation: {} },
    certifications,
    credentials,
    lessonTitle: (id) => versions.title(id),
    contentHash: (id, version) => versions.contentHash(id, version),
    now,
  });
}
