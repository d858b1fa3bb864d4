import type { AuditKind, AuditLogPage } from '../../../common/contracts/audit';
import { csrfHeader, DashboardApiError } from '../api';

/**
 * The admin HTTP API as the dashboard's admin pages call it with the admin's session (writes carry
 * the CSRF header). Answers are the server's admin route shapes (see /openapi.json).
 */

export interface Site {
  id: string;
  name: string;
  stations: Array<{ id: string; name: string }>;
}
export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'supervisor';
  sites: string[];
  disabled: boolean;
}
export interface LrsKey {
  key: string;
  label: string;
  write: boolean;
  createdAt: string;
  revokedAt: string | null;
}
export interface EnrollmentCodeInfo {
  id: string;
  siteId: string;
  stationId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  status: 'pending' | 'used' | 'expired' | 'revoked';
}
export interface PublishedLesson {
  id: string;
  titles: Record<string, string>;
  recertifyAfterDays: number | null;
  requiredFor: { roles: string[]; stations: string[] } | null;
}
/** What one requirement says: lessons in step order, and its own recertification interval and effective date (null: none). */
export interface RequirementTerms {
  lessons: string[];
  skills: string[];
  recertDays: number | null;
  effectiveFrom: string | null;
}
export interface Requirements {
  roles: Array<{ role: string } & RequirementTerms>;
  stations: Array<{ siteId: string; stationId: string } & RequirementTerms>;
}
export interface ServerSettings {
  supervisorsEditStationRequirements: boolean;
}
export interface PageRequirements {
  requirements: Requirements;
  stations: Array<{ siteId: string; siteName: string; stationId: string; stationName: string }>;
  lessons: PublishedLesson[];
  canEdit: boolean;
}
export interface RosterSummary {
  dryRun: boolean;
  applied: boolean;
  sites: string[];
  added: number;
  changed: number;
  deactivated: number;
  unchanged: number;
  badges: { added: number; moved: number; withdrawn: number };
  errors: Array<{ row: number; column?: string; message: string }>;
}

async function request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(method === 'GET' ? {} : csrfHeader) };
  if (body !== undefined) headers['content-type'] = contentType;
  let res: Response;
  try {
    res = await fetch(path, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  } catch {
    throw new DashboardApiError(0, 'network', 'The server cannot be reached. Check the network connection and try again.');
  }
  const parsed = (await res.json().catch(() => null)) as ({ error?: string; message?: string } & T) | null;
  // A refused roster import (422) still answers with its summary, naming the rows to fix.
  if (res.ok || (res.status === 422 && parsed && 'errors' in parsed)) return parsed as T;
  throw new DashboardApiError(res.status, parsed?.error ?? 'http-error', parsed?.message ?? `The server answered ${res.status}.`);
}

const base = '/api/v1/admin';

export const adminApi = {
  sites: () => request<{ sites: Site[] }>('GET', `${base}/sites`).then((r) => r.sites),
  saveSite: (id: string, name: string) => request('POST', `${base}/sites`, { id, name }),
  saveStation: (siteId: string, id: string, name: string) => request('POST', `${base}/stations`, { siteId, id, name }),
  users: () => request<{ users: AdminUser[] }>('GET', `${base}/users`).then((r) => r.users),
  createUser: (u: { email: string; name: string; role: string; sites: string[]; password: string }) => request<AdminUser>('POST', `${base}/users`, u),
  updateUser: (id: string, patch: Partial<Pick<AdminUser, 'role' | 'sites' | 'disabled' | 'name'>>) => request<AdminUser>('PATCH', `${base}/users/${id}`, patch),
  resetPassword: (id: string, password: string) => request('PUT', `${base}/users/${id}/password`, { password }),
  lrsKeys: () => request<{ keys: LrsKey[] }>('GET', `${base}/lrs-keys`).then((r) => r.keys),
  createLrsKey: (label: string, write: boolean) => request<{ key: string; secret: string; write: boolean }>('POST', `${base}/lrs-keys`, { label, write }),
  revokeLrsKey: (key: string) => request('POST', `${base}/lrs-keys/${encodeURIComponent(key)}/revoke`),
  codes: () => request<{ codes: EnrollmentCodeInfo[] }>('GET', `${base}/enrollment-codes`).then((r) => r.codes),
  createCode: (siteId: string, stationId: string, expiresInSeconds: number) =>
    request<{ code: string; siteId: string; stationId: string; expiresAt: string }>('POST', `${base}/enrollment-codes`, { siteId, stationId, expiresInSeconds }),
  revokeCode: (id: string) => request('POST', `${base}/enrollment-codes/${id}/revoke`),
  lessons: () => request<{ lessons: PublishedLesson[] }>('GET', `${base}/lessons`).then((r) => r.lessons),
  requirements: () => request<Requirements>('GET', `${base}/requirements`),
  setRequirements: (input: Partial<Requirements>) => request<{ changed: number }>('PUT', `${base}/requirements`, { roles: [], stations: [], ...input }),
  auditLog: (kind: AuditKind | null, before: number | null) =>
    request<AuditLogPage>('GET', `${base}/audit-log?${new URLSearchParams({ limit: '100', ...(kind ? { kind } : {}), ...(before ? { before: String(before) } : {}) })}`),
  settings: () => request<ServerSettings>('GET', `${base}/settings`),
  setSettings: (patch: Partial<ServerSettings>) => request<ServerSettings>('PUT', `${base}/settings`, patch),
  /** The Requirements page's data for whoever is signed in (supervisors: their sites' stations). */
  pageRequirements: () => request<PageRequirements>('GET', '/api/v1/dashboard/requirements'),
  savePageRequirements: (input: Partial<Requirements>) => request<{ changed: number }>('PUT', '/api/v1/dashboard/requirements', { roles: [], stations: [], ...input }),
  importRoster: (csv: string, dryRun: boolean) => request<RosterSummary>('POST', `${base}/roster/import${dryRun ? '?dryRun=true' : ''}`, csv, 'text/csv'),
};
