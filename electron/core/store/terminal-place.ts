import type Database from 'better-sqlite3';

/** Records the site and station this terminal is configured for, so completions and rosters can name them. */
export function recordTerminalPlace(db: Database.Database, site: { id: string; name: string }, station: { id: string; name: string }): void {
  db.transaction(() => {
    db.prepare('INSERT INTO sites (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name').run(site.id, site.name);
    db.prepare('INSERT INTO stations (id, site_id, name) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name').run(
      station.id,
      site.id,
      station.name,
    );
  })();
}
