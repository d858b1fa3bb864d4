import type Database from 'better-sqlite3';
import type { DisplayNames } from '../../../common/paths';
import type { Change } from '../../../common/contracts/sync';
import { preparedOnce } from '../store/prepared';

type DisplayName = Extract<Change, { kind: 'display-name'; op: 'upsert' }>['data'];

const statements = preparedOnce((db) => ({
  stations: db.prepare('SELECT id, name FROM stations'),
  names: db.prepare('SELECT kind, id, language, name FROM display_names'),
  set: db.prepare('INSERT INTO display_names (kind, id, language, name) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id, language) DO UPDATE SET name = excluded.name'),
  remove: db.prepare('DELETE FROM display_names WHERE kind = ? AND id = ? AND language = ?'),
}));

/** Role and skill ids are slugs ("press-operator"); without a name, people read "press operator". */
export function slugLabel(slug: string): string {
  return slug.replace(/[-_]+/g, ' ');
}

/** A pulled name; null removes that language's name. */
export function setDisplayName(db: Database.Database, n: DisplayName): void {
  const q = statements(db);
  if (n.name === null) q.remove.run(n.kind, n.id, n.language);
  else q.set.run(n.kind, n.id, n.language, n.name);
}

/**
 * Names the engine puts into reasons, in the first of `languages` that has one: the roster's names
 * per language, then a station's own name (as the plant calls it) or a role's or skill's slug.
 */
export function loadDisplayNames(db: Database.Database, languages: readonly string[], roles: readonly string[], skills: Iterable<string>): DisplayNames {
  const q = statements(db);
  const named = new Map<string, { rank: number; name: string }>();
  for (const row of q.names.all() as { kind: string; id: string; language: string; name: string }[]) {
    const rank = languages.indexOf(row.language);
    const key = `${row.kind}:${row.id}`;
    const best = named.get(key);
    if (rank >= 0 && (!best || rank < best.rank)) named.set(key, { rank, name: row.name });
  }
  const name = (kind: string, id: string, fallback: string) => named.get(`${kind}:${id}`)?.name ?? fallback;
  const stations = q.stations.all() as { id: string; name: string }[];
  return {
    stations: Object.fromEntries(stations.map((s) => [s.id, name('station', s.id, s.name)])),
    roles: Object.fromEntries(roles.map((r) => [r, name('role', r, slugLabel(r))])),
    skills: Object.fromEntries([...skills].map((s) => [s, name('skill', s, slugLabel(s))])),
  };
}
