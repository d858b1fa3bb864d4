import { z } from 'zod';

/**
 * Central dashboard API (server/plugins/dashboard*.ts), consumed by the dashboard UI.
 *
 * Auth: cookie session `sl_session` from POST /api/v1/dashboard/login. State-changing requests
 * made with the cookie must send `X-Requested-With: shiftlearn` (CSRF guard).
 * Scope: a supervisor sees only their sites; naming a site outside scope is a 403.
 * Every GET below accepts the filters in `dashboardFilters` and `format=csv` for a CSV download.
 * Dates are ISO 8601 strings (UTC); day keys are 'YYYY-MM-DD' (UTC).
 */

export const dashboardRole = z.enum(['admin', 'supervisor']);
export type DashboardRole = z.infer<typeof dashboardRole>;

// ---- POST /api/v1/dashboard/login, POST /logout, GET /me ----

export const loginRequest = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    password: z.string().min(1).max(1024),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequest>;

export const meResponse = z.object({
  email: z.string(),
  name: z.string(),
  role: dashboardRole,
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type MeResponse = z.infer<typeof meResponse>;

// ---- filters shared by every GET ----

export const dashboardFilters = z.object({
  site: z.string().min(1).optional(),
  station: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type DashboardFilters = z.infer<typeof dashboardFilters>;

const isoDate = z.string();
const dayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

// ---- GET /api/v1/dashboard/overview ----

export const stationOverview = z.object({
  id: z.string(),
  name: z.string(),
  workers: z.number().int(),
  completionPct: z.number(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  neverStarted: z.number().int(),
});
export type StationOverview = z.infer<typeof stationOverview>;

export const siteOverview = z.object({
  id: z.string(),
  name: z.string(),
  completionPct: z.number(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  workers: z.number().int(),
  stations: z.array(stationOverview),
});
export type SiteOverview = z.infer<typeof siteOverview>;

export const overviewResponse = z.object({ sites: z.array(siteOverview) });
export type OverviewResponse = z.infer<typeof overviewResponse>;

// ---- GET /api/v1/dashboard/overdue ----

export const overdueStatus = z.enum(['overdue', 'due-soon', 'never-started']);
export type OverdueStatus = z.infer<typeof overdueStatus>;

export const overdueRow = z.object({
  workerId: z.string(),
  employeeId: z.string(),
  workerName: z.string(),
  siteId: z.string(),
  lessonId: z.string(),
  lessonTitle: z.string(),
  status: overdueStatus,
  /** null when never started and there is no due date. */
  dueAt: isoDate.nullable(),
});
export type OverdueRow = z.infer<typeof overdueRow>;

export const overdueResponse = z.object({ rows: z.array(overdueRow) });
export type OverdueResponse = z.infer<typeof overdueResponse>;

// ---- GET /api/v1/dashboard/recert-calendar?days=60 ----

export const recertCalendarQuery = dashboardFilters.extend({
  days: z.coerce.number().int().min(1).max(366).default(60),
});

export const recertItem = z.object({
  workerId: z.string(),
  workerName: z.string(),
  lessonId: z.string(),
  lessonTitle: z.string(),
  dueAt: isoDate,
});
export type RecertItem = z.infer<typeof recertItem>;

export const recertCalendarResponse = z.object({
  days: z.array(z.object({ date: dayKey, items: z.array(recertItem) })),
});
export type RecertCalendarResponse = z.infer<typeof recertCalendarResponse>;

// ---- GET /api/v1/dashboard/skill-matrix ----

export const cellStatus = z.enum(['done', 'due-soon', 'overdue', 'never-started', 'not-required']);
export type CellStatus = z.infer<typeof cellStatus>;

export const skillCell = z.object({
  status: cellStatus,
  completedAt: isoDate.nullable(),
  dueAt: isoDate.nullable(),
});
export type SkillCell = z.infer<typeof skillCell>;

export const skillMatrixResponse = z.object({
  lessons: z.array(z.object({ id: z.string(), title: z.string() })),
  workers: z.array(
    z.object({
      id: z.string(),
      employeeId: z.string(),
      name: z.string(),
      cells: z.record(z.string(), skillCell),
    }),
  ),
});
export type SkillMatrixResponse = z.infer<typeof skillMatrixResponse>;

// ---- GET /api/v1/dashboard/completions-per-week?weeks=12 ----

export const completionsPerWeekQuery = dashboardFilters.extend({
  weeks: z.coerce.number().int().min(1).max(104).default(12),
});

export const completionsPerWeekResponse = z.object({
  /** weekStart is the Monday (UTC) starting the week; oldest first. */
  weeks: z.array(z.object({ weekStart: dayKey, completions: z.number().int() })),
});
export type CompletionsPerWeekResponse = z.infer<typeof completionsPerWeekResponse>;
