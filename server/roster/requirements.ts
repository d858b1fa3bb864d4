import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../errors';

const lessonIds = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lesson ids are lowercase letters, digits and dashes')).max(500).default([]);
const skills = z.array(z.string().min(1).max(100)).max(500).default([]);

/** Each entry replaces what that role or station requires; both lists empty removes the requirement. */
export const requirementsInput = z
  .object({
    roles: z.array(z.object({ role: z.string().min(1).max(100), lessons: lessonIds, skills }).strict()).max(10_000).default([]),
    stations: z.array(z.object({ siteId: slugId, stationId: slugId, lessons: lessonIds, skills }).strict()).max(10_000).default([]),
  })
  .strict();
export type RequirementsInput = z.infer<typeof requirementsInput>;

const sorted = (list: string[]) => [...new Set(list)].sort();

/**
 * Saves requirements in one transaction; rows whose lists did not change keep their change_seq,
 * so terminals download only what changed.
 */
export async function setRequirements(db: Db, input: RequirementsInput): Promise<{ changed: number }> {
  return db.transaction(async (tx) => {
    await requirePublishedLessons(tx, input);
    let changed = 0;
    for (const r of input.roles) {
      const res = await tx.query(
        `INSERT INTO role_requirements (role, lessons, skills) VALUES ($1, $2, $3)
         ON CONFLICT (role) DO UPDATE SET lessons = EXCLUDED.lessons, skills = EXCLUDED.skills
         WHERE (role_requirements.lessons, role_requirements.skills) IS DISTINCT FROM (EXCLUDED.lessons, EXCLUDED.skills)`,
        [r.role, sorted(r.lessons), sorted(r.skills)],
      );
      changed += res.rowCount;
    }
    for (const [i, s] of input.stations.entries()) {
      const station = await tx.query('SELECT 1 FROM stations WHERE site_id = $1 AND id = $2 AND NOT deleted', [s.siteId, s.stationId]);
      if (station.rowCount === 0) {
        throw new HttpError(404, 'station-not-found', `stations[${i}]: there is no station "${s.stationId}" at site "${s.siteId}": create it first (create-station) or fix the ids`);
      }
      const res = await tx.query(
        `INSERT INTO station_requirements (site_id, station_id, lessons, skills) VALUES ($1, $2, $3, $4)
         ON CONFLICT (site_id, station_id) DO UPDATE SET lessons = EXCLUDED.lessons, skills = EXCLUDED.skills
         WHERE (station_requirements.lessons, station_requirements.skills) IS DISTINCT FROM (EXCLUDED.lessons, EXCLUDED.skills)`,
        [s.siteId, s.stationId, sorted(s.lessons), sorted(s.skills)],
      );
      changed += res.rowCount;
    }
    return { changed };
  });
}

export async function getRequirements(db: Db): Promise<RequirementsInput> {
  const roles = await db.query<{ role: string; lessons: string[]; skills: string[] }>(
    `SELECT role, lessons, skills FROM role_requirements WHERE cardinality(lessons) + cardinality(skills) > 0 ORDER BY role`,
  );
  const stations = await db.query<{ site_id: string; station_id: string; lessons: string[]; skills: string[] }>(
    `SELECT site_id, station_id, lessons, skills FROM station_requirements WHERE cardinality(lessons) + cardinality(skills) > 0 ORDER BY site_id, station_id`,
  );
  return {
    roles: roles.rows,
    stations: stations.rows.map((s) => ({ siteId: s.site_id, stationId: s.station_id, lessons: s.lessons, skills: s.skills })),
  };
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
