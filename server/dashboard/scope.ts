import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import type { DashboardUser } from './users';

export interface SiteRef {
  id: string;
  name: string;
}

/** The sites a user may see: every site for an admin, their own existing sites for a supervisor. */
export async function sitesInScope(db: Queryable, user: DashboardUser): Promise<SiteRef[]> {
  const r =
    user.role === 'admin'
      ? await db.query<SiteRef>('SELECT id, name FROM sites WHERE NOT deleted ORDER BY id')
      : await db.query<SiteRef>('SELECT id, name FROM sites WHERE NOT deleted AND id = ANY($1) ORDER BY id', [user.sites]);
  return r.rows;
}

/**
 * The sites a dashboard query covers: the named one when it is in scope (403 when not, also for
 * a site that does not exist, so a supervisor cannot probe for other sites), else all in scope.
 */
export function sitesForQuery(scope: readonly SiteRef[], site: string | undefined): SiteRef[] {
  if (site === undefined) return [...scope];
  const found = scope.find((s) => s.id === site);
  if (!found) throw new HttpError(403, 'site-out-of-scope', `you cannot see site "${site}": choose one of your sites (GET /api/v1/dashboard/me lists them) or ask an admin for access`);
  return [found];
}
