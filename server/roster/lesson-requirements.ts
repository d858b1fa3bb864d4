import type { Lesson } from '../../common/contracts/lesson';
import type { Queryable } from '../db/db';

/**
 * Front matter `required_for` applied at publish: a lesson whose stored version changes is added to
 * the requirements of the roles and stations it now names, and removed from those only its previous
 * version named. Lessons that did not change leave the requirements alone, so what an admin set in
 * the dashboard or the CLI afterwards is not undone by publishing the same pack again.
 */

export type RequiredFor = NonNullable<Lesson['requiredFor']>;

export interface RequirementChange {
  lessonId: string;
  before: RequiredFor | undefined;
  after: RequiredFor | undefined;
}

export interface AppliedRequirements {
  /** Requirement rows whose lesson list changed (each reaches the terminals that pull it). */
  changed: number;
  /** Roles and stations the roster does not know, with the values it does know. */
  warnings: string[];
}

/** Every role and station a lesson's language versions name (they agree when built by the pack tool). */
export function requiredForOf(lessons: ReadonlyArray<Pick<Lesson, 'requiredFor'>>): RequiredFor | undefined {
  const present = lessons.map((l) => l.requiredFor).filter((r): r is RequiredFor => r !== undefined);
  if (present.length === 0) return undefined;
  return {
    roles: [...new Set(present.flatMap((r) => r.roles))].sort(),
    stations: [...new Set(present.flatMap((r) => r.stations))].sort(),
  };
}

const without = (list: readonly string[], drop: readonly string[]) => list.filter((x) => !drop.includes(x));

export async function applyRequiredFor(tx: Queryable, changes: readonly RequirementChange[]): Promise<AppliedRequirements> {
  const rosterRoles = new Set((await tx.query<{ role: string }>('SELECT DISTINCT unnest(roles) AS role FROM workers WHERE NOT deleted')).rows.map((r) => r.role));
  const stationSites = new Map<string, string[]>();
  for (const s of (await tx.query<{ site_id: string; id: string }>('SELECT site_id, id FROM stations WHERE NOT deleted ORDER BY site_id')).rows) {
    stationSites.set(s.id, [...(stationSites.get(s.id) ?? []), s.site_id]);
  }
  const unknownRoles = new Map<string, string[]>();
  const unknownStations = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, key: string, lessonId: string) => map.set(key, [...(map.get(key) ?? []), lessonId]);

  let changed = 0;
  for (const { lessonId, before, after } of changes) {
    const roles = after?.roles ?? [];
    const stations = after?.stations ?? [];
    for (const role of roles) {
      if (!rosterRoles.has(role)) note(unknownRoles, role, lessonId);
      changed += await editRole(tx, role, lessonId, true);
    }
    for (const role of without(before?.roles ?? [], roles)) changed += await editRole(tx, role, lessonId, false);
    for (const station of stations) {
      const sites = stationSites.get(station) ?? [];
      if (sites.length === 0) note(unknownStations, station, lessonId);
      for (const site of sites) changed += await editStation(tx, site, station, lessonId, true);
    }
    for (const station of without(before?.stations ?? [], stations)) {
      for (const site of stationSites.get(station) ?? []) changed += await editStation(tx, site, station, lessonId, false);
    }
  }

  const listed = (values: Iterable<string>) => [...values].sort().join(', ') || 'none yet';
  const warnings = [
    ...[...unknownRoles].map(
      ([role, lessons]) =>
        `required_for role "${role}" (${lessons.join(', ')}) is no worker's role in the roster, which has: ${listed(rosterRoles)}. The requirement is saved and applies once the roster gives someone that role; if it is a typo, fix the front matter, raise version and publish again`,
    ),
    ...[...unknownStations].map(
      ([station, lessons]) =>
        `required_for station "${station}" (${lessons.join(', ')}) is not a station of any site; the stations are: ${listed(stationSites.keys())}. Not applied: create the station (dashboard or create-station) and then add the lesson on the Requirements page, or fix the front matter, raise version and publish again`,
    ),
  ];
  return { changed, warnings };
}

function edited(lessons: readonly string[], lessonId: string, add: boolean): string[] | null {
  const has = lessons.includes(lessonId);
  if (has === add) return null;
  // Appended: the list is the order of steps an admin may have arranged, which publishing keeps.
  return add ? [...lessons, lessonId] : lessons.filter((l) => l !== lessonId);
}

async function editRole(tx: Queryable, role: string, lessonId: string, add: boolean): Promise<number> {
  const current = (await tx.query<{ lessons: string[] }>('SELECT lessons FROM role_requirements WHERE role = $1 FOR UPDATE', [role])).rows[0];
  const next = edited(current?.lessons ?? [], lessonId, add);
  if (!next) return 0;
  await tx.query(
    `INSERT INTO role_requirements (role, lessons) VALUES ($1, $2) ON CONFLICT (role) DO UPDATE SET lessons = EXCLUDED.lessons`,
    [role, next],
  );
  return 1;
}

async function editStation(tx: Queryable, siteId: string, stationId: string, lessonId: string, add: boolean): Promise<number> {
  const current = (
    await tx.query<{ lessons: string[] }>('SELECT lessons FROM station_requirements WHERE site_id = $1 AND station_id = $2 FOR UPDATE', [siteId, stationId])
  ).rows[0];
  const next = edited(current?.lessons ?? [], lessonId, add);
  if (!next) return 0;
  await tx.query(
    `INSERT INTO station_requirements (site_id, station_id, lessons) VALUES ($1, $2, $3)
     ON CONFLICT (site_id, station_id) DO UPDATE SET lessons = EXCLUDED.lessons`,
    [siteId, stationId, next],
  );
  return 1;
}
