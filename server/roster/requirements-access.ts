import type { Db } from '../db/db';
import type { DashboardUser } from '../dashboard/users';
import { sitesInScope } from '../dashboard/scope';
import { listLessons, type PublishedLesson } from '../content/lesson-store';
import { HttpError } from '../errors';
import { getSettings } from '../settings/settings';
import { getRequirements, setRequirements, type RequirementsInput } from './requirements';

/**
 * Requirements as a signed-in dashboard user may see and change them: an admin, everything; a
 * supervisor, the stations of their own sites, and only while an admin allows it with the setting
 * supervisorsEditStationRequirements. Role requirements hold at every site, so they stay the admins'.
 */

export const SETTING_HINT =
  'an admin can allow it with the setting supervisorsEditStationRequirements (dashboard Requirements page, PUT /api/v1/admin/settings or npm run server -- settings set --supervisors-edit-station-requirements on)';

export interface UserRequirements {
  requirements: RequirementsInput;
  /** The stations this user may pick, with their names. */
  stations: Array<{ siteId: string; siteName: string; stationId: string; stationName: string }>;
  /** What may be required (the page's list to pick from). */
  lessons: PublishedLesson[];
  canEdit: boolean;
}

export async function requirementsForUser(db: Db, user: DashboardUser): Promise<UserRequirements> {
  const sites = await sitesInScope(db, user);
  const ids = sites.map((s) => s.id);
  const all = await getRequirements(db);
  const stations = await db.query<{ siteId: string; siteName: string; stationId: string; stationName: string }>(
    `SELECT s.id AS "siteId", s.name AS "siteName", st.id AS "stationId", st.name AS "stationName"
       FROM stations st JOIN sites s ON s.id = st.site_id
      WHERE NOT st.deleted AND NOT s.deleted AND s.id = ANY($1) ORDER BY s.id, st.id`,
    [ids],
  );
  const admin = user.role === 'admin';
  return {
    requirements: { roles: admin ? all.roles : [], stations: all.stations.filter((s) => ids.includes(s.siteId)) },
    stations: stations.rows,
    lessons: await listLessons(db, admin ? undefined : ids),
    canEdit: admin || (await getSettings(db)).supervisorsEditStationRequirements,
  };
}

/** Saves for a dashboard user, after refusing (403, nothing saved) what they may not change. */
export async function setRequirementsAsUser(db: Db, user: DashboardUser, input: RequirementsInput): Promise<{ changed: number }> {
  if (user.role !== 'admin') {
    if (input.roles.length > 0) {
      throw new HttpError(403, 'role-requirements-admin-only', `role requirements hold at every site, so only an admin can change them (${input.roles.map((r) => r.role).join(', ')}): ask an admin, or set what a station of your site requires instead`);
    }
    if (!(await getSettings(db)).supervisorsEditStationRequirements) {
      throw new HttpError(403, 'supervisor-requirements-off', `supervisors may not change requirements on this server: ${SETTING_HINT}`);
    }
    const own = new Set((await sitesInScope(db, user)).map((s) => s.id));
    const foreign = input.stations.filter((s) => !own.has(s.siteId));
    if (foreign.length > 0) {
      throw new HttpError(403, 'site-out-of-scope', `you can only set requirements of stations at your own sites; not ${foreign.map((s) => `${s.siteId}/${s.stationId}`).join(', ')}: ask an admin for access to that site`);
    }
  }
  return setRequirements(db, input);
}
