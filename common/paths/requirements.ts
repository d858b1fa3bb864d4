import { compareIds } from './catalog';
import { parseTime } from './status';
import type { PathWorker, Requirement, RequirementTerms, Requirements } from './types';

/** Who requires something: the stations (terminal's first) and roles whose requirements name it. */
export interface RequiredBy {
  stations: string[];
  roles: string[];
}

export interface WorkerRequirements {
  lessons: Map<string, RequiredBy>;
  skills: Map<string, RequiredBy>;
  /** Per required lesson, the terms of every requirement naming it. */
  terms: Map<string, RequirementTerms[]>;
}

/**
 * Everything required of a worker: by the terminal's station (when ranking at a terminal), by the
 * stations they are assigned to, and by their roles. The terminal's station is listed first so
 * reasons name the place the worker is standing at.
 */
export function requirementsFor(worker: PathWorker, requirements: Requirements, terminalStation: string | null): WorkerRequirements {
  const lessons = new Map<string, RequiredBy>();
  const skills = new Map<string, RequiredBy>();
  const terms = new Map<string, RequirementTerms[]>();
  const add = (req: Requirement | undefined, kind: keyof RequiredBy, source: string) => {
    if (!req) return;
    const these = termsOf(req, `${kind === 'stations' ? 'station' : 'role'} "${source}"`);
    for (const id of req.lessons) {
      sourcesOf(lessons, id)[kind].push(source);
      terms.set(id, [...(terms.get(id) ?? []), these]);
    }
    for (const id of req.skills) sourcesOf(skills, id)[kind].push(source);
  };
  const assigned = [...new Set(worker.stations)].filter((s) => s !== terminalStation).sort(compareIds);
  const stations = terminalStation === null ? assigned : [terminalStation, ...assigned];
  for (const station of stations) add(requirements.byStation[station], 'stations', station);
  for (const role of [...new Set(worker.roles)].sort(compareIds)) add(requirements.byRole[role], 'roles', role);
  return { lessons, skills, terms };
}

export function termsOf(req: Requirement, owner: string): RequirementTerms {
  const from = req.effectiveFrom ?? null;
  return { recertDays: req.recertDays ?? null, effectiveFrom: from === null ? null : parseTime(`${from}T00:00:00.000Z`, `requirement of ${owner} effectiveFrom`) };
}

function sourcesOf(map: Map<string, RequiredBy>, id: string): RequiredBy {
  let by = map.get(id);
  if (!by) {
    by = { stations: [], roles: [] };
    map.set(id, by);
  }
  return by;
}
