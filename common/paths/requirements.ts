import { compareIds } from './catalog';
import type { PathWorker, Requirement, Requirements } from './types';

/** Who requires something: the stations (terminal's first) and roles whose requirements name it. */
export interface RequiredBy {
  stations: string[];
  roles: string[];
}

export interface WorkerRequirements {
  lessons: Map<string, RequiredBy>;
  skills: Map<string, RequiredBy>;
}

/**
 * Everything required of a worker: by the terminal's station (when ranking at a terminal), by the
 * stations they are assigned to, and by their roles. The terminal's station is listed first so
 * reasons name the place the worker is standing at.
 */
export function requirementsFor(worker: PathWorker, requirements: Requirements, terminalStation: string | null): WorkerRequirements {
  const lessons = new Map<string, RequiredBy>();
  const skills = new Map<string, RequiredBy>();
  const add = (req: Requirement | undefined, kind: keyof RequiredBy, source: string) => {
    if (!req) return;
    for (const id of req.lessons) sourcesOf(lessons, id)[kind].push(source);
    for (const id of req.skills) sourcesOf(skills, id)[kind].push(source);
  };
  const assigned = [...new Set(worker.stations)].filter((s) => s !== terminalStation).sort(compareIds);
  const stations = terminalStation === null ? assigned : [terminalStation, ...assigned];
  for (const station of stations) add(requirements.byStation[station], 'stations', station);
  for (const role of [...new Set(worker.roles)].sort(compareIds)) add(requirements.byRole[role], 'roles', role);
  return { lessons, skills };
}

function sourcesOf(map: Map<string, RequiredBy>, id: string): RequiredBy {
  let by = map.get(id);
  if (!by) {
    by = { stations: [], roles: [] };
    map.set(id, by);
  }
  return by;
}
