import type Database from 'better-sqlite3';
import { requirementsSchema, type Requirement, type Requirements } from '../../../common/paths';
import { preparedOnce } from '../store/prepared';

interface RequirementRow {
  owner: string;
  lesson_id: string | null;
  skill: string | null;
  recert_days: number | null;
  effective_from: string | null;
}

const COLUMNS = 'lesson_id, skill, recert_days, effective_from';

const statements = preparedOnce((db) => ({
  // Lessons in step order (position); skills have no order of their own, so by name.
  byRole: db.prepare(`SELECT role AS owner, ${COLUMNS} FROM role_requirements ORDER BY role, position, lesson_id, skill`),
  byStation: db.prepare(`SELECT station_id AS owner, ${COLUMNS} FROM station_requirements ORDER BY station_id, position, lesson_id, skill`),
  clearRoles: db.prepare('DELETE FROM role_requirements'),
  clearStations: db.prepare('DELETE FROM station_requirements'),
}));

function group(rows: RequirementRow[]): Record<string, Requirement> {
  const out: Record<string, Requirement> = {};
  for (const r of rows) {
    const req = (out[r.owner] ??= { lessons: [], skills: [], recertDays: r.recert_days, effectiveFrom: r.effective_from });
    if (r.lesson_id !== null) req.lessons.push(r.lesson_id);
    if (r.skill !== null) req.skills.push(r.skill);
  }
  return out;
}

type Table = 'role_requirements' | 'station_requirements';

/** One role's or station's requirement as pulled: the whole requirement replaces the old one (empty lists clear it). */
export function replaceOwnerRequirement(db: Database.Database, table: Table, ownerColumn: 'role' | 'station_id', owner: string, req: Requirement): void {
  db.prepare(`DELETE FROM ${table} WHERE ${ownerColumn} = ?`).run(owner);
  insertOwnerRequirement(db, table, ownerColumn, owner, req);
}

/** A row per lesson (with its step) and per skill, each carrying the requirement's terms. */
function insertOwnerRequirement(
  db: Database.Database,
  table: Table,
  ownerColumn: 'role' | 'station_id',
  owner: string,
  req: Requirement,
): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO ${table} (${ownerColumn}, lesson_id, skill, position, recert_days, effective_from) VALUES (?, ?, ?, ?, ?, ?)`);
  const terms = [req.recertDays ?? null, req.effectiveFrom ?? null];
  req.lessons.forEach((lessonId, i) => insert.run(owner, lessonId, null, i + 1, ...terms));
  for (const skill of req.skills) insert.run(owner, null, skill, 0, ...terms);
}

/** Every role's and station's requirements, lessons in step order, the rest in a stable order (the engine's reasons must not depend on row order). */
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
    for (const [owner, req] of Object.entries(reqs.byRole)) insertOwnerRequirement(db, 'role_requirements', 'role', owner, req);
    for (const [owner, req] of Object.entries(reqs.byStation)) insertOwnerRequirement(db, 'station_requirements', 'station_id', owner, req);
  })();
}
