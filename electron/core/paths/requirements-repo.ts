import type Database from 'better-sqlite3';
import { requirementsSchema, type Requirement, type Requirements } from '../../../common/paths';

interface RequirementRow {
  owner: string;
  lesson_id: string | null;
  skill: string | null;
}

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
  const byRole = db
    .prepare('SELECT role AS owner, lesson_id, skill FROM role_requirements ORDER BY role, lesson_id, skill')
    .all() as RequirementRow[];
  const byStation = db
    .prepare('SELECT station_id AS owner, lesson_id, skill FROM station_requirements ORDER BY station_id, lesson_id, skill')
    .all() as RequirementRow[];
  return { byRole: group(byRole), byStation: group(byStation) };
}

/**
 * Replaces all requirements with `input` in one transaction (nested in the caller's, if any): a
 * terminal never ranks against half of an old set and half of a new one. Validated first.
 */
export function replaceRequirements(db: Database.Database, input: Requirements): void {
  const reqs = requirementsSchema.parse(input);
  const role = db.prepare('INSERT OR IGNORE INTO role_requirements (role, lesson_id, skill) VALUES (?, ?, ?)');
  const station = db.prepare('INSERT OR IGNORE INTO station_requirements (station_id, lesson_id, skill) VALUES (?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM role_requirements').run();
    db.prepare('DELETE FROM station_requirements').run();
    for (const [owner, req] of Object.entries(reqs.byRole)) {
      for (const lessonId of req.lessons) role.run(owner, lessonId, null);
      for (const skill of req.skills) role.run(owner, null, skill);
    }
    for (const [owner, req] of Object.entries(reqs.byStation)) {
      for (const lessonId of req.lessons) station.run(owner, lessonId, null);
      for (const skill of req.skills) station.run(owner, null, skill);
    }
  })();
}
