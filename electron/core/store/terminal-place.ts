import type Database from 'better-sqlite3';
import { preparedOnce } from './prepared';

const statements = preparedOnce((db) => ({
  site: db.prepare('INSERT INTO sites (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name'),
  station: db.prepare('INSERT INTO stations (id, site_id, name) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name'),
}));

/** Records a site and its stations by id, renaming them when they exist (one transaction per call site). */
export function upsertPlaces(db: Database.Database, site: { id: string; name: string }, stations: readonly { id: string; name: string }[]): void {
  const q = statements(db);
  q.site.run(site.id, site.name);
  for (const station of stations) q.station.run(station.id, site.id, station.name);
}

/** Records the site and station this terminal is configured for, so completions and rosters can name them. */
export function recordTerminalPlace(db: Database.Database, site: { id: string; name: string }, station: { id: string; name: string }): void {
  db.transaction(() => upsertPlaces(db, site, [station]))();
}
