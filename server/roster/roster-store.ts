import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import { requireSite } from '../admin';
import type { Db } from '../db/db';
import { HttpError } from '../errors';

/** Admin writes of workers, badges and assignments as JSON (the HR CSV goes through roster/import.ts). */

const workerInput = z
  .object({
    employeeId: z.string().min(1).max(64),
    displayName: z.string().min(1).max(200),
    language: z.string().min(2).max(10),
    siteId: slugId,
    roles: z.array(z.string().min(1)).default([]),
    stations: z.array(z.string().min(1)).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export const workersBody = z.object({ workers: z.array(workerInput).min(1).max(10_000) }).strict().describe('workers');
export const badgesBody = z
  .object({ badges: z.array(z.object({ badgeId: z.string().min(1).max(128), employeeId: z.string().min(1) }).strict()).min(1).max(10_000) })
  .strict()
  .describe('badges');
const assignmentInput = z
  .object({
    id: slugId,
    siteId: slugId,
    lessonId: z.string().min(1),
    stationId: z.string().min(1).nullable().default(null),
    role: z.string().min(1).nullable().default(null),
    employeeId: z.string().min(1).nullable().default(null),
    dueAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .strict();
export const assignmentsBody = z.object({ assignments: z.array(assignmentInput).min(1).max(10_000) }).strict().describe('assignments');

type Written = Promise<{ received: number; changed: number }>;

// Upserts that change nothing keep their change_seq, so re-sending a roster does not make every terminal download it again.
const UPSERT_WORKER = `
INSERT INTO workers (employee_id, site_id, display_name, language, roles, stations, active)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (employee_id) DO UPDATE SET site_id = EXCLUDED.site_id, display_name = EXCLUDED.display_name,
  language = EXCLUDED.language, roles = EXCLUDED.roles, stations = EXCLUDED.stations, active = EXCLUDED.active, deleted = false
WHERE (workers.site_id, workers.display_name, workers.language, workers.roles, workers.stations, workers.active, workers.deleted)
  IS DISTINCT FROM (EXCLUDED.site_id, EXCLUDED.display_name, EXCLUDED.language, EXCLUDED.roles, EXCLUDED.stations, EXCLUDED.active, false)`;

const UPSERT_BADGE = `
INSERT INTO badges (badge_id, employee_id, site_id) VALUES ($1, $2, $3)
ON CONFLICT (badge_id) DO UPDATE SET employee_id = EXCLUDED.employee_id, site_id = EXCLUDED.site_id, deleted = false
WHERE (badges.employee_id, badges.site_id, badges.deleted) IS DISTINCT FROM (EXCLUDED.employee_id, EXCLUDED.site_id, false)`;

const UPSERT_ASSIGNMENT = `
INSERT INTO assignments (id, site_id, lesson_id, station_id, role, employee_id, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE SET site_id = EXCLUDED.site_id, lesson_id = EXCLUDED.lesson_id, station_id = EXCLUDED.station_id,
  role = EXCLUDED.role, employee_id = EXCLUDED.employee_id, due_at = EXCLUDED.due_at, deleted = false
WHERE (assignments.site_id, assignments.lesson_id, assignments.station_id, assignments.role, assignments.employee_id, assignments.due_at, assignments.deleted)
  IS DISTINCT FROM (EXCLUDED.site_id, EXCLUDED.lesson_id, EXCLUDED.station_id, EXCLUDED.role, EXCLUDED.employee_id, EXCLUDED.due_at, false)`;

export async function upsertWorkers(db: Db, { workers }: z.infer<typeof workersBody>): Written {
  return db.transaction(async (tx) => {
    for (const siteId of new Set(workers.map((w) => w.siteId))) await requireSite(tx, siteId);
    let changed = 0;
    for (const w of workers) {
      changed += (await tx.query(UPSERT_WORKER, [w.employeeId, w.siteId, w.displayName, w.language, w.roles, w.stations, w.active])).rowCount;
    }
    return { received: workers.length, changed };
  });
}

/** A badge belongs to its worker's site (terminals of that site pull it). */
export async function upsertBadges(db: Db, { badges }: z.infer<typeof badgesBody>): Written {
  return db.transaction(async (tx) => {
    let changed = 0;
    for (const [i, b] of badges.entries()) {
      const worker = await tx.query<{ site_id: string }>('SELECT site_id FROM workers WHERE employee_id = $1 AND NOT deleted', [b.employeeId]);
      if (!worker.rows[0]) throw new HttpError(404, 'worker-not-found', `badges[${i}]: no worker with employeeId "${b.employeeId}": upload the worker first (PUT /api/v1/admin/workers)`);
      changed += (await tx.query(UPSERT_BADGE, [b.badgeId, b.employeeId, worker.rows[0].site_id])).rowCount;
    }
    return { received: badges.length, changed };
  });
}

export async function deleteBadge(db: Db, badgeId: string) {
  return db.transaction(async (tx) => {
    const r = await tx.query('UPDATE badges SET deleted = true WHERE badge_id = $1 AND NOT deleted', [badgeId]);
    if (r.rowCount === 0) throw new HttpError(404, 'badge-not-found', `no active badge "${badgeId}"`);
    return { badgeId, deleted: true };
  });
}

export async function upsertAssignments(db: Db, { assignments }: z.infer<typeof assignmentsBody>): Written {
  return db.transaction(async (tx) => {
    for (const siteId of new Set(assignments.map((a) => a.siteId))) await requireSite(tx, siteId);
    let changed = 0;
    for (const a of assignments) {
      changed += (await tx.query(UPSERT_ASSIGNMENT, [a.id, a.siteId, a.lessonId, a.stationId, a.role, a.employeeId, a.dueAt])).rowCount;
    }
    return { received: assignments.length, changed };
  });
}

export async function deleteAssignment(db: Db, id: string) {
  return db.transaction(async (tx) => {
    const r = await tx.query('UPDATE assignments SET deleted = true WHERE id = $1 AND NOT deleted', [id]);
    if (r.rowCount === 0) throw new HttpError(404, 'assignment-not-found', `no active assignment "${id}"`);
    return { id, deleted: true };
  });
}
