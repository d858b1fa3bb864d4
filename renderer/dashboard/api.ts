import type { z } from 'zod';
import {
  completionsPerWeekResponse,
  meResponse,
  overdueResponse,
  overviewResponse,
  recertCalendarResponse,
  sessionResponse,
  skillMatrixResponse,
  type CompletionsPerWeekResponse,
  type DashboardFilters,
  type LoginRequest,
  type MeResponse,
  type OverdueResponse,
  type OverviewResponse,
  type RecertCalendarResponse,
  type SessionResponse,
  type SkillMatrixResponse,
} from '../../common/contracts/dashboard';
import { fleetResponse, type FleetResponse } from '../../common/contracts/fleet';
import { securityEventsResponse, type SecurityEventsResponse } from '../../common/contracts/security-events';
import { apiUrl } from './query';

/** The server's CSRF guard: state-changing requests with the session cookie must carry it. */
export const csrfHeader = { 'X-Requested-With': 'shiftlearn' };

export class DashboardApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DashboardApiError';
  }
}

export interface DashboardApi {
  /** Whether this browser is signed in (200 either way), and as whom. */
  session(): Promise<SessionResponse>;
  me(): Promise<MeResponse>;
  login(body: LoginRequest): Promise<void>;
  logout(): Promise<void>;
  overview(filters: DashboardFilters): Promise<OverviewResponse>;
  /** One page of the overdue list (pages from 1). */
  overdue(filters: DashboardFilters, page?: number): Promise<OverdueResponse>;
  /** Per-day counts of the window and one page of the recertifications (pages from 1). */
  recertCalendar(filters: DashboardFilters, days: number, page?: number): Promise<RecertCalendarResponse>;
  /** One page of the skill matrix of one site (the first of the user's when none is chosen). */
  skillMatrix(filters: DashboardFilters, page?: number): Promise<SkillMatrixResponse>;
  completionsPerWeek(filters: DashboardFilters, weeks: number): Promise<CompletionsPerWeekResponse>;
  /** Admins only: the fleet of terminals (an admin API the dashboard session opens for admins). */
  terminals(): Promise<FleetResponse>;
  /** PIN lockouts and unknown-badge throttling the terminals of the user's sites reported. */
  securityEvents(site: string | undefined): Promise<SecurityEventsResponse>;
}

const fallbackMessages: Record<number, string> = {
  401: 'You are signed out. Sign in again.',
  403: 'Your account may not see this. Ask an admin for access to the site.',
  429: 'Too many attempts. Wait a few minutes, then try again.',
};

async function errorFrom(res: Response): Promise<DashboardApiError> {
  let code = 'http-error';
  let message = fallbackMessages[res.status] ?? `The server answered ${res.status}. Try again; if it keeps failing, tell site IT.`;
  try {
    const body = (await res.json()) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') code = body.error;
    if (typeof body.message === 'string' && body.message) message = body.message;
  } catch {
    // Not JSON (a proxy's error page): the fallback message says enough.
  }
  return new DashboardApiError(res.status, code, message);
}

export function createDashboardApi(fetchFn: typeof fetch = (...args) => globalThis.fetch(...args)): DashboardApi {
  async function send(url: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetchFn(url, { credentials: 'same-origin', ...init });
    } catch {
      throw new DashboardApiError(0, 'network', 'The server cannot be reached. Check the network connection and try again.');
    }
    if (!res.ok) throw await errorFrom(res);
    return res;
  }

  async function get<T>(url: string, schema: z.ZodType<T>): Promise<T> {
    const res = await send(url, { headers: { accept: 'application/json' } });
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) {
      throw new DashboardApiError(res.status, 'bad-response', `The server's answer to ${url.split('?')[0]} has an unexpected shape; the dashboard and server versions may differ.`);
    }
    return parsed.data;
  }

  async function post(endpoint: string, body?: unknown): Promise<void> {
    const headers: Record<string, string> = { ...csrfHeader };
    if (body !== undefined) headers['content-type'] = 'application/json';
    await send(apiUrl(endpoint, {}), { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  return {
    session: () => get(apiUrl('session', {}), sessionResponse),
    me: () => get(apiUrl('me', {}), meResponse),
    login: (body) => post('login', body),
    logout: () => post('logout'),
    overview: (filters) => get(apiUrl('overview', filters), overviewResponse),
    overdue: (filters, page = 1) => get(apiUrl('overdue', filters, { page }), overdueResponse),
    recertCalendar: (filters, days, page = 1) => get(apiUrl('recert-calendar', filters, { days, page }), recertCalendarResponse),
    skillMatrix: (filters, page = 1) => get(apiUrl('skill-matrix', filters, { page }), skillMatrixResponse),
    completionsPerWeek: (filters, weeks) => get(apiUrl('completions-per-week', filters, { weeks }), completionsPerWeekResponse),
    terminals: () => get('/api/v1/admin/terminals', fleetResponse),
    securityEvents: (site) => get(apiUrl('security-events', { site }), securityEventsResponse),
  };
}
