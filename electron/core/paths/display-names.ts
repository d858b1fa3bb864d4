import type Database from 'better-sqlite3';
import type { DisplayNames } from '../../../common/paths';
import { preparedOnce } from '../store/prepared';

const statements = preparedOnce((db) => ({ stations: db.prepare('SELECT id, name FROM stations') }));

/** Role and skill ids are slugs ("press-operator"); people read "press operator". */
export function slugLabel(slug: string): string {
  return slug.replace(/[-_]+/g, ' ');
}

/** Names the engine puts into reasons: stations as the plant calls them, roles and skills from their slugs. */
export function loadDisplayNames(db: Database.Database, roles: readonly string[], skills: Iterable<string>): DisplayNames {
  const stations = statements(db).stations.all() as { id: string; name: string }[];
  return {
    stations: Object.fromEntries(stations.map((s) => [s.id, s.name])),
    roles: Object.fromEntries(roles.map((r) => [r, slugLabel(r)])),
    skills: Object.fromEntries([...skills].map((s) => [s, slugLabel(s)])),
  };
}
