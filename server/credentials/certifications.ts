import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import type { Queryable } from '../db/db';
import { HttpError } from '../errors';

/**
 * A certification as data: a requirement of the requirements model (a role's or a station's
 * required lessons) plus how long it stays valid. The lessons are read from the requirement
 * whenever the certification is evaluated, so editing the requirement edits the certification.
 */
export const certificationInput = z
  .object({
    id: slugId.describe('stable id, e.g. "press-operator"'),
    name: z.string().min(1).max(200),
    description: z.string().max(2000).default(''),
    requirement: z.union([
      z.object({ role: z.string().min(1).max(100) }).strict(),
      z.object({ siteId: slugId, stationId: slugId }).strict(),
    ]),
    /** Days from the oldest completion it rests on until it expires (the recertification interval); null never expires. */
    validityDays: z.number().int().positive().max(36_500).nullable(),
  })
  .strict();
export type CertificationInput = z.infer<typeof certificationInput>;

export interface Certification extends CertificationInput {
  /** The requirement's lessons, sorted (empty when the requirement names none: then nobody satisfies it). */
  lessons: string[];
}

interface CertificationRow {
  id: string;
  name: string;
  description: string;
  requirement_role: string | null;
  requirement_site_id: string | null;
  requirement_station_id: string | null;
  validity_days: number | null;
  lessons: string[] | null;
}

/** Creates or replaces a certification. Its credentials already issued stay as they were signed. */
export async function putCertification(db: Queryable, input: CertificationInput): Promise<void> {
  const req = input.requirement;
  if ('stationId' in req) {
    const station = await db.query('SELECT 1 FROM stations WHERE site_id = $1 AND id = $2 AND NOT deleted', [req.siteId, req.stationId]);
    if (station.rowCount === 0) {
      throw new HttpError(404, 'station-not-found', `requirement: there is no station "${req.stationId}" at site "${req.siteId}": create it first (create-station) or fix the ids`);
    }
  }
  await db.query(
    `INSERT INTO certifications (id, name, description, requirement_role, requirement_site_id, requirement_station_id, validity_days, retired)
     VALUES ($1, $2, $3, $4, $5, $6, $7, false)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, requirement_role = EXCLUDED.requirement_role,
       requirement_site_id = EXCLUDED.requirement_site_id, requirement_station_id = EXCLUDED.requirement_station_id,
       validity_days = EXCLUDED.validity_days, retired = false`,
    [input.id, input.name, input.description, 'role' in req ? req.role : null, 'siteId' in req ? req.siteId : null, 'stationId' in req ? req.stationId : null, input.validityDays],
  );
}

/** A retired certification issues nothing new; credentials already issued keep verifying until they expire or are revoked. */
export async function retireCertification(db: Queryable, id: string): Promise<void> {
  const r = await db.query('UPDATE certifications SET retired = true WHERE id = $1', [id]);
  if (r.rowCount === 0) throw new HttpError(404, 'certification-not-found', `no certification "${id}": list them with GET /api/v1/admin/certifications`);
}

/** Active certifications with their lessons resolved from the requirements model. */
export async function listCertifications(db: Queryable): Promise<Certification[]> {
  const r = await db.query<CertificationRow>(
    `SELECT c.id, c.name, c.description, c.requirement_role, c.requirement_site_id, c.requirement_station_id, c.validity_days,
            COALESCE(rr.lessons, sr.lessons) AS lessons
       FROM certifications c
       LEFT JOIN role_requirements rr ON rr.role = c.requirement_role
       LEFT JOIN station_requirements sr ON sr.site_id = c.requirement_site_id AND sr.station_id = c.requirement_station_id
      WHERE NOT c.retired
      ORDER BY c.id`,
  );
  return r.rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    requirement: row.requirement_role !== null ? { role: row.requirement_role } : { siteId: row.requirement_site_id!, stationId: row.requirement_station_id! },
    validityDays: row.validity_days,
    lessons: [...(row.lessons ?? [])].sort(),
  }));
}
