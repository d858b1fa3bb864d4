import { lesson as lessonSchema, type Lesson } from '../../common/contracts/lesson';
import { catalogFromLessons, type Catalog, type Requirement, type Requirements } from '../../common/paths';
import type { Queryable } from '../db/db';

/** What the learning-paths engine needs of a site besides the worker and their records. */
export interface SiteInputs {
  siteId: string;
  catalog: Catalog;
  requirements: Requirements;
  /** English title, else any, else the id. */
  titles: ReadonlyMap<string, string>;
}

interface RequirementRow {
  owner: string;
  lessons: string[];
  skills: string[];
  recert_days: number | null;
  effective_from: string | null;
}

function group(rows: RequirementRow[]): Record<string, Requirement> {
  const out: Record<string, Requirement> = {};
  for (const r of rows) {
    if (r.lessons.length > 0 || r.skills.length > 0) out[r.owner] = { lessons: r.lessons, skills: r.skills, recertDays: r.recert_days, effectiveFrom: r.effective_from };
  }
  return out;
}

const TERMS = `lessons, skills, recert_days, to_char(effective_from, 'YYYY-MM-DD') AS effective_from`;

async function loadSiteInputs(q: Queryable, siteIds: readonly string[]): Promise<Map<string, SiteInputs>> {
  // One after another: q is often a transaction's single connection.
  const lessons = await q.query<{ site_id: string | null; json: unknown }>('SELECT site_id, json FROM lessons WHERE NOT deleted AND (site_id IS NULL OR site_id = ANY($1))', [siteIds]);
  const roleReqs = await q.query<RequirementRow>(`SELECT role AS owner, ${TERMS} FROM role_requirements ORDER BY role`);
  const stationReqs = await q.query<RequirementRow & { site_id: string }>(
    `SELECT site_id, station_id AS owner, ${TERMS} FROM station_requirements WHERE site_id = ANY($1) ORDER BY site_id, station_id`,
    [siteIds],
  );
  const parsed = lessons.rows.flatMap((r) => {
    const p = lessonSchema.safeParse(r.json);
    return p.success ? [{ siteId: r.site_id, lesson: p.data }] : [];
  });
  const byRole = group(roleReqs.rows);
  return new Map(
    siteIds.map((siteId) => {
      const own: Lesson[] = parsed.filter((l) => l.siteId === null || l.siteId === siteId).map((l) => l.lesson);
      const catalog = catalogFromLessons(own);
      const titles = new Map(catalog.map((l) => [l.id, l.titles.en ?? Object.values(l.titles)[0] ?? l.id]));
      return [siteId, { siteId, catalog, requirements: { byRole, byStation: group(stationReqs.rows.filter((r) => r.site_id === siteId)) }, titles }];
    }),
  );
}

/**
 * Site inputs change rarely (a publish, a roster import) but every stored statement needs them, and
 * parsing a site's lessons costs more than storing the statement. So they are cached per database
 * and site, valid while summary_inputs_version (bumped by the triggers of migration 012) is unchanged;
 * a short lifetime bounds what another process's uncommitted change could leave behind.
 */
const MAX_AGE_MS = 5_000;
const caches = new WeakMap<object, Map<string, { version: number; loadedAt: number; inputs: SiteInputs }>>();

export async function siteInputs(cacheKey: object, q: Queryable, siteIds: readonly string[], fresh = false, knownVersion?: number): Promise<Map<string, SiteInputs>> {
  if (siteIds.length === 0) return new Map();
  let cache = caches.get(cacheKey);
  if (!cache) caches.set(cacheKey, (cache = new Map()));
  // The write path reads the version with its merge (records.ts), saving a round trip here.
  const version = knownVersion ?? Number((await q.query<{ v: string }>('SELECT last_value AS v FROM summary_inputs_version')).rows[0].v);
  const now = Date.now();
  const out = new Map<string, SiteInputs>();
  const missing = siteIds.filter((id) => {
    const hit = cache.get(id);
    if (fresh || !hit || hit.version !== version || now - hit.loadedAt > MAX_AGE_MS) return true;
    out.set(id, hit.inputs);
    return false;
  });
  if (missing.length > 0) {
    for (const [id, inputs] of await loadSiteInputs(q, missing)) {
      cache.set(id, { version, loadedAt: now, inputs });
      out.set(id, inputs);
    }
  }
  return out;
}
