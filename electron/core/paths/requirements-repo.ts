import type Database from 'better-sqlite3';
import { requirementsSchema, type Requirement, type Requirements } from '../../../common/paths';
import { preparedOnce } from '../store/prepared';

interface RequirementRow {
  owner: string;
  lesson_id: string | null;
  skill: string | null;
}

const statements = preparedOnce((db) => ({
  byRole: db.prepare('SELECT role AS owner, lesson_id, skill FROM role_requirements ORDER BY role, lesson_id, skill'),
  byStation: db.prepare('SELECT station_id AS owner, lesson_id, skill FROM station_requirements ORDER BY station_id, lesson_id, skill'),
  clearRoles: db.prepare('DELETE FROM role_requirements'),
  clearStations: db.prepare('DELETE FROM station_requirements'),
  addRole: db.prepare('INSERT OR IGNORE INTO role_requirements (role, lesson_id, skill) VALUES (?, ?, ?)'),
  addStation: db.prepare('INSERT OR IGNORE INTO station_requirements (station_id, lesson_id, skill) VALUES (?, ?, ?)'),
}));

function group(rows: RequirementRow[]): Record<string, Requirement> {
  const out: Record<string, Requirement> = {};
  for (const r of rows) {
    const req = (out[r.owner] ??= { lessons: [], skills: [] });
    if (r.lesson_id !== null) req.lessons.push(r.lesson_id);
    if (r.skill !== null) req.skills.push(r.skill);
  }
  return out;
}

/** Every role's and station's requirements, in a stable order (the engine's reasons must not depend on row order). */
export function loadRequirements(db: Database.Database): Requirements {
  const q = statements(db);
  return { byRole: group(q.byRole.all() as RequirementRow[]), byStation: group(q.byStation.all() as RequirementRow[]) };
}

/**
 * Replaces all requirements with `input` in one transaction (nested in the caller's, if any): a
 * terminal never ranks against half of an old set and half of a new one. Validated first.
 */
export function replaceRequirements(db: Database.Database, input: Requirements): void {
  const reqs = requirementsSchema.parse(input);
  const q = statements(db);
  db.transaction(() => {
    q.clearRoles.run();
    q.clearStations.run();
    for (const [owner, req] of Object.entries(reqs.byRole)) {
      for (const lessonId of req.lessons) q.addRole.run(owner, lessonId, null);
      for (const skill of req.skills) q.addRole.run(owner, null, skill);
    }
    for (const [owner, req] of Object.entries(reqs.byStation)) {
      for (const lessonId of req.lessons) q.addStation.run(owner, lessonId, null);
      for (const skill of req.skills) q.addStation.run(owner, null, skill);
    }
  })();
}
