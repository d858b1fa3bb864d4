import type Database from 'better-sqlite3';
import type { Catalog, Requirements } from '../../../common/paths';
import type { createCatalogSource } from '../paths/catalog-source';
import { loadHistory } from '../paths/history-repo';
import { loadRequirements } from '../paths/requirements-repo';
import { rolesAndStations } from '../session/roster-repo';
import { preparedOnce } from '../store/prepared';
import type { BoardInput, BoardWorkerInput } from './station-board';

interface WorkerRow {
  id: string;
  employee_id: string;
  display_name: string;
  language: string;
}

const statements = preparedOnce((db) => ({
  stationWorkers: db.prepare(
    `SELECT w.id, w.employee_id, w.display_name, w.language FROM workers w
       JOIN worker_stations s ON s.worker_id = w.id
      WHERE s.station_id = ? AND w.active = 1 ORDER BY w.id`,
  ),
  lastActivity: db.prepare('SELECT max(completed_at) FROM completions WHERE worker_id = ?').pluck(),
}));

/**
 * With no requirements distributed yet (a terminal that has lessons but no roster sync), the
 * station's own lessons (their `stations` metadata) stand in, so the board still says something.
 */
export function requirementsOrStationLessons(requirements: Requirements, catalog: Catalog, stationId: string): Requirements {
  const none = Object.keys(requirements.byRole).length === 0 && Object.keys(requirements.byStation).length === 0;
  if (!none) return requirements;
  const lessons = catalog.filter((l) => l.stations.includes(stationId)).map((l) => l.id);
  return { byRole: {}, byStation: { [stationId]: { lessons, skills: [] } } };
}

/** Everything the board needs for the workers assigned to `station`, read in one go from SQLite. */
export function loadBoardInput(
  db: Database.Database,
  catalog: ReturnType<typeof createCatalogSource>,
  station: { id: string; name: string },
  language: string,
  now: Date,
): BoardInput {
  const q = statements(db);
  const rows = q.stationWorkers.all(station.id) as WorkerRow[];
  const workers: BoardWorkerInput[] = rows.map((r) => ({
    id: r.id,
    employeeId: r.employee_id,
    displayName: r.display_name,
    language: r.language,
    ...rolesAndStations(db, r.id),
  }));
  const lessons = catalog();
  return {
    station,
    workers,
    catalog: lessons,
    requirements: requirementsOrStationLessons(loadRequirements(db), lessons, station.id),
    historyByWorker: Object.fromEntries(workers.map((w) => [w.id, loadHistory(db, w.id)])),
    lastActivityByWorker: Object.fromEntries(workers.map((w) => [w.id, (q.lastActivity.get(w.id) as string | null) ?? null])),
    language,
    now,
  };
}
