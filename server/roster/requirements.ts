import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../errors';

const lessonIds = z
  .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lesson ids are lowercase letters, digits and dashes'))
  .max(500)
  .default([])
  .refine((ids) => new Set(ids).size === ids.length, {
    error: (issue) => {
      const ids = issue.input as string[];
      const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
      return `${twice.map((id) => `"${id}"`).join(', ')} listed more than once: the list is the order of steps, so name each lesson once`;
    },
  });
const skills = z.array(z.string().min(1).max(100)).max(500).default([]);

/** Days a completion counts under this requirement, overriding each lesson's own interval when shorter or longer. */
export const recertDays = z
  .number({ error: 'recertDays must be a whole number of days, e.g. 365, or null to keep each lesson\'s own interval' })
  .int('recertDays must be a whole number of days, e.g. 365')
  .min(1, 'recertDays must be at least 1 day; use null to keep each lesson\'s own interval')
  .max(3650, 'recertDays must be at most 3650 days (10 years)')
  .nullable()
  .default(null);
/** First day (UTC) the requirement holds; before it its lessons are "due by" that day. */
export const effectiveFrom = z
  .iso.date({ error: 'effectiveFrom must be a real date written YYYY-MM-DD, e.g. 2027-01-15, or null for a requirement that holds now' })
  .nullable()
  .default(null);

const terms = { lessons: lessonIds, skills, recertDays, effectiveFrom };

/**
 * Each entry replaces what that role or station requires (lessons in step order, recertDays and
 * effectiveFrom left out mean null); empty lists remove the requirement.
 */
export const requirementsInput = z
  .object({
    roles: z.array(z.object({ role: z.string().min(1).max(100), ...terms }).strict()).max(10_000).default([]),
    stations: z.array(z.object({ siteId: slugId, stationId: slugId, ...terms }).strict()).max(10_000).default([]),
  })
  .strict();
export type RequirementsInput = z.infer<typeof requirementsInput>;

const sorted = (list: string[]) => [...new Set(list)].sort();

/**
 * Saves requirements in one transaction; rows whose lists and terms did not change keep their
 * change_seq, so terminals download only what changed. Lessons keep their order (the steps).
 */
export async function setRequirements(db: Db, input: RequirementsInput): Promise<{ changed: number }> {
  return db.transaction(async (tx) => {
    await requirePublishedLessons(tx, input);
    let changed = 0;
    for (const r of input.roles) {
      const res = await tx.query(
        `INSERT INTO role_requirements (role, lessons, skills, recert_days, effective_from) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (role) DO UPDATE SET lessons = EXCLUDED.lessons, skills = EXCLUDED.skills, recert_days = EXCLUDED.recert_days, effective_from = EXCLUDED.effective_from
         WHERE (role_requirements.lessons, role_requirements.skills, role_requirements.recert_days, role_requirements.effective_from)
               IS DISTINCT FROM (EXCLUDED.lessons, EXCLUDED.skills, EXCLUDED.recert_days, EXCLUDED.effective_from)`,
        [r.role, r.lessons, sorted(r.skills), r.recertDays, r.effectiveFrom],
      );
      changed += res.rowCount;
    }
    for (const [i, s] of input.stations.entries()) {
      const station = await tx.query('SELECT 1 FROM stations WHERE site_id = $1 AND id = $2 AND NOT deleted', [s.siteId, s.stationId]);
      if (station.rowCount === 0) {
        throw new HttpError(404, 'station-not-found', `stations[${i}]: there is no station "${s.stationId}" at site "${s.siteId}": create it first (create-station) or fix the ids`);
      }
      const res = await tx.query(
        `INSERT INTO station_requirements (site_id, station_id, lessons, skills, recert_days, effective_from) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (site_id, station_id) DO UPDATE SET lessons = EXCLUDED.lessons, skills = EXCLUDED.skills, recert_days = EXCLUDED.recert_days, effective_from = EXCLUDED.effective_from
         WHERE (station_requirements.lessons, station_requirements.skills, station_requirements.recert_days, station_requirements.effective_from)
               IS DISTINCT FROM (EXCLUDED.lessons, EXCLUDED.skills, EXCLUDED.recert_days, EXCLUDED.effective_from)`,
        [s.siteId, s.stationId, s.lessons, sorted(s.skills), s.recertDays, s.effectiveFrom],
      );
      changed += res.rowCount;
    }
    return { changed };
  });
}

const TERMS_SQL = `lessons, skills, recert_days AS "recertDays", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom"`;

export async function getRequirements(db: Queryable): Promise<RequirementsInput> {
  const roles = await db.query<RequirementsInput['roles'][number]>(
    `SELECT role, ${TERMS_SQL} FROM role_requirements WHERE cardinality(lessons) + cardinality(skills) > 0 ORDER BY role`,
  );
  const stations = await db.query<RequirementsInput['stations'][number]>(
    `SELECT site_id AS "siteId", station_id AS "stationId", ${TERMS_SQL} FROM station_requirements WHERE cardinality(lessons) + cardinality(skills) > 0 ORDER BY site_id, station_id`,
  );
  return { roles: roles.rows, stations: stations.rows };
}

/**
 * A requirement for a lesson no terminal can play would be silently unmeetable, so every lesson id
 * must name a published lesson; the refusal names each unknown id and where it was given.
 */
async function requirePublishedLessons(tx: Queryable, input: RequirementsInput): Promise<void> {
  const wanted = [
    ...input.roles.flatMap((r, i) => r.lessons.map((id) => ({ id, at: `roles[${i}] (${r.role})` }))),
    ...input.stations.flatMap((s, i) => s.lessons.map((id) => ({ id, at: `stations[${i}] (${s.siteId}/${s.stationId})` }))),
  ];
  if (wanted.length === 0) return;
  const known = await tx.query<{ id: string }>('SELECT DISTINCT id FROM lessons WHERE id = ANY($1::text[]) AND NOT deleted', [[...new Set(wanted.map((w) => w.id))]]);
  const have = new Set(known.rows.map((r) => r.id));
  const unknown = wanted.filter((w) => !have.has(w.id));
  if (unknown.length === 0) return;
  const ids = [...new Set(unknown.map((u) => u.id))];
  throw new HttpError(
    400,
    'unknown-lessons',
    `no published lesson has the id ${ids.map((id) => `"${id}"`).join(', ')} (${unknown.map((u) => `${u.id} in ${u.at}`).join('; ')}): correct the id, or publish the lesson first (npm run content -- publish); the published lessons are listed at GET /api/v1/admin/lessons`,
    { lessons: ids },
  );
}
