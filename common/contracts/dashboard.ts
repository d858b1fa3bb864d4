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
  /** May open the Requirements page and save there: admins always, supervisors when an admin allows it (server setting). The server always sends it. */
  canEditRequirements: z.boolean().optional(),
});
export type MeResponse = z.infer<typeof meResponse>;

/**
 * Whether this browser holds a live session, answered 200 either way: the page asks it on every
 * load, and a 401 there would be an error in the console of everyone who opens the sign-in page.
 * Signed out, `firstAdminNeeded` says nobody can sign in yet (no active user on a fresh server),
 * so the page shows how site IT creates the first admin instead of a form nobody can use.
 */
export const sessionResponse = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false), firstAdminNeeded: z.boolean() }),
  z.object({ signedIn: z.literal(true), me: meResponse }),
]);
export type SessionResponse = z.infer<typeof sessionResponse>;

/** The command that creates the first admin (server CLI; the password from stdin, never argv). */
export const FIRST_ADMIN_COMMAND = `echo 'a long password' | npm run server -- user create --email you@example.com --name "Site IT" --role admin --password-stdin`;

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

/**
 * Where the requirement cells (worker x required lesson) of a scope stand, by the learning-paths
 * engine's standing. `required` is their number: 0 means nothing is required there, and then
 * `completionPct` is null rather than a 100% that would claim something was achieved.
 */
const requirementCounts = {
  required: z.number().int(),
  /** Share of required lessons held (done or due soon), 0-100 with one decimal; null when nothing is required. */
  completionPct: z.number().nullable(),
  overdue: z.number().int(),
  failed: z.number().int(),
  dueSoon: z.number().int(),
  neverStarted: z.number().int(),
};

/** A station's figures count only the lessons the station itself requires of the workers assigned to it. */
export const stationOverview = z.object({
  id: z.string(),
  name: z.string(),
  workers: z.number().int(),
  ...requirementCounts,
});
export type StationOverview = z.infer<typeof stationOverview>;

/** A site's figures count every lesson its workers need: by their roles and by all their stations. */
export const siteOverview = z.object({
  id: z.string(),
  name: z.string(),
  workers: z.number().int(),
  ...requirementCounts,
  stations: z.array(stationOverview),
});
export type SiteOverview = z.infer<typeof siteOverview>;

export const overviewResponse = z.object({ sites: z.array(siteOverview) });
export type OverviewResponse = z.infer<typeof overviewResponse>;

// ---- GET /api/v1/dashboard/overdue ----

/** 'failed': sat but never passed, a retake is due. */
export const overdueStatus = z.enum(['overdue', 'failed', 'due-soon', 'never-started']);
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

/** Paged lists (overdue, skill matrix): `page` from 1; `total` counts every row of the query. */
const paging = { total: z.number().int(), page: z.number().int(), pageSize: z.number().int() };

export const overdueSort = z.enum(['urgency', 'due', 'worker']);
export type OverdueSort = z.infer<typeof overdueSort>;

/** GET /api/v1/dashboard/overdue?page=1&pageSize=100&sort=urgency&status=failed (CSV: every row, unpaged). */
export const overdueQuery = dashboardFilters.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
  /** urgency: overdue, failed, due soon, never started, then earliest due; due: earliest due first; worker: by name. */
  sort: overdueSort.default('urgency'),
  status: overdueStatus.optional(),
});
export type OverdueQuery = z.infer<typeof overdueQuery>;

export const overdueResponse = z.object({ rows: z.array(overdueRow), ...paging });
export type OverdueResponse = z.infer<typeof overdueResponse>;

// ---- GET /api/v1/dashboard/recert-calendar?days=60 ----

/**
 * GET /api/v1/dashboard/recert-calendar?days=60&page=1&pageSize=100: how many recertifications fall
 * due on each day of the window, and one page of them by due date (CSV: every one, unpaged).
 */
export const recertCalendarQuery = dashboardFilters.extend({
  days: z.coerce.number().int().min(1).max(366).default(60),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type RecertCalendarQuery = z.infer<typeof recertCalendarQuery>;

export const recertItem = z.object({
  workerId: z.string(),
  workerName: z.string(),
  lessonId: z.string(),
  lessonTitle: z.string(),
  dueAt: isoDate,
});
export type RecertItem = z.infer<typeof recertItem>;

export const recertCalendarResponse = z.object({
  /** Every day of the window with a recertification due, oldest first, counting all of them (not only this page's). */
  days: z.array(z.object({ date: dayKey, count: z.number().int() })),
  /** This page of the recertifications: by due date, then worker name; `total` is the sum of the day counts. */
  items: z.array(recertItem),
  ...paging,
});
export type RecertCalendarResponse = z.infer<typeof recertCalendarResponse>;

// ---- GET /api/v1/dashboard/skill-matrix ----

/** The learning-paths engine's LessonStanding of one required lesson, or 'not-required'. */
export const cellStatus = z.enum(['done', 'due-soon', 'overdue', 'failed', 'never-started', 'not-required']);
export type CellStatus = z.infer<typeof cellStatus>;

/** A worker's one status: 'in-progress' when some required lessons are held and others not started. */
export const workerStanding = z.enum(['overdue', 'failed', 'due-soon', 'in-progress', 'never-started', 'done']);

export const skillCell = z.object({
  status: cellStatus,
  completedAt: isoDate.nullable(),
  dueAt: isoDate.nullable(),
});
export type SkillCell = z.infer<typeof skillCell>;

/**
 * GET /api/v1/dashboard/skill-matrix?site=&station=&page=1&pageSize=50: one site (or one station
 * of it) at a time, a page of workers by name; without a site, the first of the user's sites.
 * Columns are the lessons required of the scope's workers; a cell left out is 'not-required'.
 */
export const skillMatrixQuery = dashboardFilters.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type SkillMatrixQuery = z.infer<typeof skillMatrixQuery>;

export const skillMatrixResponse = z.object({
  scope: z.object({ siteId: z.string().nullable(), stationId: z.string().nullable() }),
  ...paging,
  lessons: z.array(z.object({ id: z.string(), title: z.string() })),
  workers: z.array(
    z.object({
      id: z.string(),
      employeeId: z.string(),
      name: z.string(),
      /** The worker's one status over the lessons in the columns (the engine's WorkerStanding). */
      standing: workerStanding,
      cells: z.record(z.string(), skillCell),
    }),
  ),
});
export type SkillMatrixResponse = z.infer<typeof skillMatrixResponse>;

// ---- GET /api/v1/dashboard/completions-per-week?weeks=12 ----

/**
 * Passing completions per week at the sites in scope, a worker who has left since included; with a
 * station or role filter, those of the workers who have that station or role now.
 */
export const completionsPerWeekQuery = dashboardFilters.extend({
  weeks: z.coerce.number().int().min(1).max(104).default(12),
});

export const completionsPerWeekResponse = z.object({
  /** weekStart is the Monday (UTC) starting the week; oldest first. */
  weeks: z.array(z.object({ weekStart: dayKey, completions: z.number().int() })),
});
export type CompletionsPerWeekResponse = z.infer<typeof completionsPerWeekResponse>;
