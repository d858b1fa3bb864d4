import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import { createSite, createSiteInput, createStation, createStationInput, requireSite } from '../admin';
import { badRequest, HttpError } from '../errors';
import { adminRoutes } from './admin-scope';

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
const workersBody = z.object({ workers: z.array(workerInput).min(1).max(10_000) }).strict();
const badgesBody = z.object({ badges: z.array(z.object({ badgeId: z.string().min(1).max(128), employeeId: z.string().min(1) }).strict()).min(1).max(10_000) }).strict();
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
const assignmentsBody = z.object({ assignments: z.array(assignmentInput).min(1).max(10_000) }).strict();

function parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw badRequest(r.error, what);
  return r.data;
}

/**
 * Admin writes for sites, stations, workers, badges and assignments as JSON (the HR roster CSV goes to
 * POST /api/v1/admin/roster/import instead). Upserts that change nothing keep their change_seq, so re-importing a roster does not make
 * every terminal download it again.
 */
export const rosterPlugin: FastifyPluginAsync = async (app) => {
  adminRoutes(app, (admin) => {
    admin.post('/api/v1/admin/sites', async (req, reply) => reply.code(201).send(await createSite(app.db, parse(createSiteInput, req.body, 'site'))));

    admin.post('/api/v1/admin/stations', async (req, reply) =>
      reply.code(201).send(await createStation(app.db, parse(createStationInput, req.body, 'station'))),
    );

    admin.put('/api/v1/admin/workers', async (req) => {
      const { workers } = parse(workersBody, req.body, 'workers');
      return app.db.transaction(async (tx) => {
        for (const siteId of new Set(workers.map((w) => w.siteId))) await requireSite(tx, siteId);
        let changed = 0;
        for (const w of workers) {
          const r = await tx.query(
            `INSERT INTO workers (employee_id, site_id, display_name, language, roles, stations, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (employee_id) DO UPDATE SET site_id = EXCLUDED.site_id, display_name = EXCLUDED.display_name,
               language = EXCLUDED.language, roles = EXCLUDED.roles, stations = EXCLUDED.stations, active = EXCLUDED.active, deleted = false
             WHERE (workers.site_id, workers.display_name, workers.language, workers.roles, workers.stations, workers.active, workers.deleted)
               IS DISTINCT FROM (EXCLUDED.site_id, EXCLUDED.display_name, EXCLUDED.language, EXCLUDED.roles, EXCLUDED.stations, EXCLUDED.active, false)`,
            [w.employeeId, w.siteId, w.displayName, w.language, w.roles, w.stations, w.active],
          );
          changed += r.rowCount;
        }
        return { received: workers.length, changed };
      });
    });

    admin.put('/api/v1/admin/badges', async (req) => {
      const { badges } = parse(badgesBody, req.body, 'badges');
      return app.db.transaction(async (tx) => {
        let changed = 0;
        for (const [i, b] of badges.entries()) {
          const worker = await tx.query<{ site_id: string }>('SELECT site_id FROM workers WHERE employee_id = $1 AND NOT deleted', [b.employeeId]);
          if (!worker.rows[0]) throw new HttpError(404, 'worker-not-found', `badges[${i}]: no worker with employeeId "${b.employeeId}": upload the worker first (PUT /api/v1/admin/workers)`);
          const r = await tx.query(
            `INSERT INTO badges (badge_id, employee_id, site_id) VALUES ($1, $2, $3)
             ON CONFLICT (badge_id) DO UPDATE SET employee_id = EXCLUDED.employee_id, site_id = EXCLUDED.site_id, deleted = false
             WHERE (badges.employee_id, badges.site_id, badges.deleted) IS DISTINCT FROM (EXCLUDED.employee_id, EXCLUDED.site_id, false)`,
            [b.badgeId, b.employeeId, worker.rows[0].site_id],
          );
          changed += r.rowCount;
        }
        return { received: badges.length, changed };
      });
    });

    admin.delete<{ Params: { badgeId: string } }>('/api/v1/admin/badges/:badgeId', async (req) => {
      return app.db.transaction(async (tx) => {
        const r = await tx.query('UPDATE badges SET deleted = true WHERE badge_id = $1 AND NOT deleted', [req.params.badgeId]);
        if (r.rowCount === 0) throw new HttpError(404, 'badge-not-found', `no active badge "${req.params.badgeId}"`);
        return { badgeId: req.params.badgeId, deleted: true };
      });
    });

    admin.put('/api/v1/admin/assignments', async (req) => {
      const { assignments } = parse(assignmentsBody, req.body, 'assignments');
      return app.db.transaction(async (tx) => {
        for (const siteId of new Set(assignments.map((a) => a.siteId))) await requireSite(tx, siteId);
        let changed = 0;
        for (const a of assignments) {
          const r = await tx.query(
            `INSERT INTO assignments (id, site_id, lesson_id, station_id, role, employee_id, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (id) DO UPDATE SET site_id = EXCLUDED.site_id, lesson_id = EXCLUDED.lesson_id, station_id = EXCLUDED.station_id,
               role = EXCLUDED.role, employee_id = EXCLUDED.employee_id, due_at = EXCLUDED.due_at, deleted = false
             WHERE (assignments.site_id, assignments.lesson_id, assignments.station_id, assignments.role, assignments.employee_id, assignments.due_at, assignments.deleted)
               IS DISTINCT FROM (EXCLUDED.site_id, EXCLUDED.lesson_id, EXCLUDED.station_id, EXCLUDED.role, EXCLUDED.employee_id, EXCLUDED.due_at, false)`,
            [a.id, a.siteId, a.lessonId, a.stationId, a.role, a.employeeId, a.dueAt],
          );
          changed += r.rowCount;
        }
        return { received: assignments.length, changed };
      });
    });

    admin.delete<{ Params: { id: string } }>('/api/v1/admin/assignments/:id', async (req) => {
      return app.db.transaction(async (tx) => {
        const r = await tx.query('UPDATE assignments SET deleted = true WHERE id = $1 AND NOT deleted', [req.params.id]);
        if (r.rowCount === 0) throw new HttpError(404, 'assignment-not-found', `no active assignment "${req.params.id}"`);
        return { id: req.params.id, deleted: true };
      });
    });
  });
};
