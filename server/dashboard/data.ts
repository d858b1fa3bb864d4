import { lesson as lessonSchema, type Lesson } from '../../common/contracts/lesson';
import { verbs } from '../../common/xapi/completion';
import { catalogFromLessons, type Catalog, type Completion, type Requirement, type Requirements } from '../../common/paths';
import type { Queryable } from '../db/db';
import type { SiteRef } from './scope';

/** Which workers a dashboard query covers, besides its sites. */
export interface WorkerFilter {
  station?: string;
  role?: string;
}

export interface DashboardWorker {
  employeeId: string;
  name: string;
  siteId: string;
  language: string;
  roles: string[];
  stations: string[];
}

/** Everything the learning-paths engine needs for one site, loaded from the server's tables. */
export interface SiteData {
  site: SiteRef;
  stations: SiteRef[];
  workers: DashboardWorker[];
  catalog: Catalog;
  requirements: Requirements;
}

export interface DashboardData {
  sites: SiteData[];
  historyByWorker: Record<string, Completion[]>;
}

// Written into the SQL (constants, not input) so the planner can use the partial index of migration 008.
const COMPLETION_VERBS_SQL = [verbs.completed, verbs.passed, verbs.failed].map((v) => `'${v}'`).join(', ');

function group(rows: Array<{ owner: string; lessons: string[]; skills: string[] }>): Record<string, Requirement> {
  const out: Record<string, Requirement> = {};
  for (const r of rows) if (r.lessons.length > 0 || r.skills.length > 0) out[r.owner] = { lessons: r.lessons, skills: r.skills };
  return out;
}

/** Lesson id of a kiosk activity IRI (.../activities/lesson/<id>); null for any other activity. */
export function lessonIdOf(activityId: string | null): string | null {
  const m = activityId ? /\/activities\/lesson\/([^/?#]+)$/.exec(activityId) : null;
  return m ? decodeURIComponent(m[1]) : null;
}

export async function loadDashboardData(db: Queryable, sites: readonly SiteRef[], filter: WorkerFilter): Promise<DashboardData> {
  const siteIds = sites.map((s) => s.id);
  const [stations, workers, lessons, roleReqs, stationReqs] = await Promise.all([
    db.query<{ site_id: string; id: string; name: string }>('SELECT site_id, id, name FROM stations WHERE site_id = ANY($1) AND NOT deleted ORDER BY site_id, id', [siteIds]),
    db.query<{ employee_id: string; display_name: string; site_id: string; language: string; roles: string[]; stations: string[] }>(
      `SELECT employee_id, display_name, site_id, language, roles, stations FROM workers
       WHERE site_id = ANY($1) AND active AND NOT deleted
         AND ($2::text IS NULL OR $2 = ANY(stations)) AND ($3::text IS NULL OR $3 = ANY(roles))
       ORDER BY employee_id`,
      [siteIds, filter.station ?? null, filter.role ?? null],
    ),
    db.query<{ site_id: string | null; json: unknown }>('SELECT site_id, json FROM lessons WHERE NOT deleted AND (site_id IS NULL OR site_id = ANY($1))', [siteIds]),
    db.query<{ owner: string; lessons: string[]; skills: string[] }>('SELECT role AS owner, lessons, skills FROM role_requirements ORDER BY role'),
    db.query<{ site_id: string; owner: string; lessons: string[]; skills: string[] }>(
      'SELECT site_id, station_id AS owner, lessons, skills FROM station_requirements WHERE site_id = ANY($1) ORDER BY site_id, station_id',
      [siteIds],
    ),
  ]);

  const parsedLessons = lessons.rows.flatMap((r) => {
    const parsed = lessonSchema.safeParse(r.json);
    return parsed.success ? [{ siteId: r.site_id, lesson: parsed.data }] : [];
  });
  const byRole = group(roleReqs.rows);
  const siteData = sites.map((site): SiteData => {
    const own: Lesson[] = parsedLessons.filter((l) => l.siteId === null || l.siteId === site.id).map((l) => l.lesson);
    return {
      site,
      stations: stations.rows.filter((s) => s.site_id === site.id).map((s) => ({ id: s.id, name: s.name })),
      workers: workers.rows
        .filter((w) => w.site_id === site.id)
        .map((w) => ({ employeeId: w.employee_id, name: w.display_name, siteId: w.site_id, language: w.language, roles: w.roles, stations: w.stations })),
      catalog: catalogFromLessons(own),
      requirements: { byRole, byStation: group(stationReqs.rows.filter((r) => r.site_id === site.id)) },
    };
  });

  const employeeIds = workers.rows.map((w) => w.employee_id);
  const history = await db.query<{ employee_id: string; activity_id: string | null; verb_id: string; ts: string; success: boolean | null; extensions: Record<string, unknown> | null }>(
    // employee_id is set only when the statement's writer may speak for that worker (statements/speakers.ts), never from the actor name alone.
    `SELECT employee_id, activity_id, verb_id, statement->>'timestamp' AS ts,
            (statement->'result'->>'success')::boolean AS success, statement->'context'->'extensions' AS extensions
       FROM statements
      WHERE verb_id IN (${COMPLETION_VERBS_SQL}) AND employee_id = ANY($1)`,
    [employeeIds],
  );
  const historyByWorker: Record<string, Completion[]> = {};
  for (const r of history.rows) {
    const lessonId = lessonIdOf(r.activity_id);
    const at = r.ts ? Date.parse(r.ts) : Number.NaN;
    if (!lessonId || Number.isNaN(at)) continue;
    const version = Object.entries(r.extensions ?? {}).find(([k]) => k.endsWith('/xapi/ext/lesson-version'))?.[1];
    const passed = r.success ?? (r.verb_id === verbs.passed ? true : r.verb_id === verbs.failed ? false : null);
    (historyByWorker[r.employee_id] ??= []).push({
      lessonId,
      version: typeof version === 'number' ? version : 1,
      completedAt: new Date(at).toISOString(),
      score: null,
      passed,
    });
  }
  return { sites: siteData, historyByWorker };
}
