import type { DashboardFilters } from '../../common/contracts/dashboard';

/** The dashboard's state lives in the URL query, so every view with its filters is a link. */

export const views = ['overview', 'overdue', 'calendar', 'matrix', 'weekly', 'records', 'terminals', 'security', 'sites', 'roster', 'requirements', 'users', 'lrs-keys', 'enrollment', 'audit'] as const;
export type View = (typeof views)[number];
/** Views only admins are offered (their data comes from admin endpoints). */
export const adminViews: readonly View[] = ['terminals', 'sites', 'roster', 'requirements', 'users', 'lrs-keys', 'enrollment', 'audit'];
/** Admin pages that manage the setup rather than report on it: they take no site/station/role filters. */
export const setupViews: readonly View[] = ['sites', 'roster', 'requirements', 'users', 'lrs-keys', 'enrollment', 'audit'];

export interface NavGroup {
  id: 'reports' | 'site';
  label: string;
  views: View[];
}

/**
 * The pages a user is offered, grouped as the nav shows them: reports, then (admins) running the
 * site. A supervisor's few pages are one group, with the Requirements page (their sites' stations)
 * when an admin allows it.
 */
export function navGroupsFor(role: 'admin' | 'supervisor', canEditRequirements = false): NavGroup[] {
  if (role === 'supervisor') {
    return [{ id: 'reports', label: 'Reports', views: views.filter((v) => !adminViews.includes(v) || (v === 'requirements' && canEditRequirements)) }];
  }
  const reports: readonly View[] = ['overview', 'overdue', 'calendar', 'matrix', 'weekly', 'records'];
  return [
    { id: 'reports', label: 'Reports', views: views.filter((v) => reports.includes(v)) },
    { id: 'site', label: 'Run the site', views: views.filter((v) => !reports.includes(v)) },
  ];
}

export const viewTitles: Record<View, string> = {
  overview: 'Sites and stations',
  overdue: 'Overdue and due soon',
  calendar: 'Recertification calendar',
  matrix: 'Skill matrix',
  weekly: 'Completions per week',
  records: 'Certificates and audit',
  terminals: 'Terminals',
  security: 'Security events',
  sites: 'Manage sites',
  roster: 'Roster import',
  requirements: 'Requirements',
  users: 'Users',
  'lrs-keys': 'LRS keys',
  enrollment: 'Enrollment codes',
  audit: 'Audit log',
};

export type FilterKey = 'site' | 'station' | 'role';

export interface DashboardQuery {
  view: View;
  site?: string;
  station?: string;
  role?: string;
}

function isView(value: string | null): value is View {
  return value !== null && (views as readonly string[]).includes(value);
}

function nonEmpty(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function parseQuery(search: string): DashboardQuery {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  return {
    view: isView(view) ? view : 'overview',
    site: nonEmpty(params.get('site')),
    station: nonEmpty(params.get('station')),
    role: nonEmpty(params.get('role')),
  };
}

export function toSearch(query: DashboardQuery): string {
  const params = new URLSearchParams({ view: query.view });
  for (const key of ['site', 'station', 'role'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return `?${params.toString()}`;
}

/** A station belongs to one site, so choosing another site forgets the station. */
export function withFilter(query: DashboardQuery, key: FilterKey, value: string | undefined): DashboardQuery {
  const next: DashboardQuery = { ...query, [key]: value || undefined };
  if (key === 'site' && value !== query.site) next.station = undefined;
  return next;
}

/** The UI offers only the sites /me returned; a linked site outside them is dropped, not sent. */
export function scopeToSites(query: DashboardQuery, siteIds: readonly string[]): DashboardQuery {
  if (!query.site || siteIds.includes(query.site)) return query;
  return { ...query, site: undefined, station: undefined };
}

export function filtersOf(query: DashboardQuery): DashboardFilters {
  const filters: DashboardFilters = {};
  if (query.site) filters.site = query.site;
  if (query.station) filters.station = query.station;
  if (query.role) filters.role = query.role;
  return filters;
}

export const apiBase = '/api/v1/dashboard';

/** An API URL with the filters; `format: 'csv'` makes it the "Download CSV" link of a table. */
export function apiUrl(
  endpoint: string,
  filters: DashboardFilters,
  extra: Record<string, string | number> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${apiBase}/${endpoint}${search ? `?${search}` : ''}`;
}

/** Where requirements are set for a site: the dashboard's Requirements page (admin area). */
export function requirementsHref(siteId: string): string {
  return `/dashboard/?${new URLSearchParams({ view: 'requirements', site: siteId }).toString()}`;
}
