import type Database from 'better-sqlite3';
import type { WorkerView } from '../../../common/contracts/kiosk-api';
import { preparedOnce } from '../store/prepared';

export interface RosterWorker extends WorkerView {
  siteId: string | null;
  stations: string[];
}

interface WorkerRow {
  id: string;
  employee_id: string;
  first_name: string;
  display_name: string;
  language: string;
  site_id: string | null;
}

const statements = preparedOnce((db) => ({
  byBadge: db.prepare(
    `SELECT w.id, w.employee_id, w.first_name, w.display_name, w.language, w.site_id
       FROM badges b JOIN workers w ON w.id = b.worker_id
      WHERE b.badge_id = ? AND w.active = 1`,
  ),
  roles: db.prepare('SELECT role FROM worker_roles WHERE worker_id = ? ORDER BY role').pluck(),
  stations: db.prepare('SELECT station_id FROM worker_stations WHERE worker_id = ? ORDER BY station_id').pluck(),
  count: db.prepare('SELECT count(*) FROM workers').pluck(),
  exists: db.prepare('SELECT 1 FROM workers WHERE id = ?').pluck(),
  upsert: db.prepare(
    `INSERT INTO workers (id, employee_id, first_name, display_name, language, site_id, active)
     VALUES (@id, @employeeId, @firstName, @displayName, @language, @siteId, 1)
     ON CONFLICT(id) DO UPDATE SET employee_id = excluded.employee_id, first_name = excluded.first_name,
       display_name = excluded.display_name, language = excluded.language, site_id = excluded.site_id, active = 1`,
  ),
  clearRoles: db.prepare('DELETE FROM worker_roles WHERE worker_id = ?'),
  clearStations: db.prepare('DELETE FROM worker_stations WHERE worker_id = ?'),
  clearBadges: db.prepare('DELETE FROM badges WHERE worker_id = ?'),
  addRole: db.prepare('INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)'),
  addStation: db.prepare('INSERT INTO worker_stations (worker_id, station_id) VALUES (?, ?)'),
  addBadge: db.prepare('INSERT INTO badges (badge_id, worker_id) VALUES (?, ?)'),
}));

/** A worker's roles and stations, each sorted. */
export function rolesAndStations(db: Database.Database, workerId: string): { roles: string[]; stations: string[] } {
  const q = statements(db);
  return { roles: q.roles.all(workerId) as string[], stations: q.stations.all(workerId) as string[] };
}

function withRolesAndStations(db: Database.Database, row: WorkerRow): RosterWorker {
  const { roles, stations } = rolesAndStations(db, row.id);
  return {
    id: row.id,
    employeeId: row.employee_id,
    firstName: row.first_name,
    displayName: row.display_name,
    language: row.language,
    siteId: row.site_id,
    roles,
    stations,
  };
}

/** The active worker a badge belongs to, or null for an unknown badge or a deactivated worker. */
export function findWorkerByBadge(db: Database.Database, badgeId: string): RosterWorker | null {
  const row = statements(db).byBadge.get(badgeId) as WorkerRow | undefined;
  return row ? withRolesAndStations(db, row) : null;
}

export function countWorkers(db: Database.Database): number {
  return statements(db).count.get() as number;
}

export function workerExists(db: Database.Database, workerId: string): boolean {
  return statements(db).exists.get(workerId) !== undefined;
}

export interface NewWorker {
  id: string;
  employeeId: string;
  firstName: string;
  displayName: string;
  language: string;
  siteId: string | null;
  roles: string[];
  stations: string[];
  badges: string[];
}

/** Inserts or replaces a worker with their roles, stations and badges (one transaction per call site). */
export function upsertWorker(db: Database.Database, w: NewWorker): void {
  const q = statements(db);
  q.upsert.run(w);
  q.clearRoles.run(w.id);
  q.clearStations.run(w.id);
  q.clearBadges.run(w.id);
  for (const r of w.roles) q.addRole.run(w.id, r);
  for (const s of w.stations) q.addStation.run(w.id, s);
  for (const b of w.badges) q.addBadge.run(b, w.id);
}
