import { z } from 'zod';

/**
 * Roster import from an HR export (CSV, RFC 4180, UTF-8, header row first):
 *   badge_id, employee_id, name, language, site, roles, stations, supervisor
 * roles and stations are semicolon-separated; supervisor is true/false/yes/no/1/0 (empty = false).
 * One row per badge: a worker with two badges has two rows with the same worker fields.
 * The file is the whole roster of every site it names: workers of those sites missing from it
 * are deactivated (never deleted) and badges of those sites missing from it are withdrawn.
 *
 * CLI: npm run server -- roster import FILE [--dry-run]
 * HTTP: POST /api/v1/admin/roster/import[?dryRun=true], Content-Type: text/csv, admin auth.
 */

export const ROSTER_COLUMNS = ['badge_id', 'employee_id', 'name', 'language', 'site', 'roles', 'stations', 'supervisor'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

const list = (item: z.ZodString) =>
  z
    .string()
    .transform((s) => s.split(';').map((x) => x.trim()).filter((x) => x.length > 0))
    .pipe(z.array(item));

const TRUE = ['true', 'yes', '1'];
const FALSE = ['false', 'no', '0', ''];

/** One CSV record, cells as text; what a valid row turns into. */
export const rosterRow = z.object({
  badge_id: z.string().trim().min(1, 'badge_id is empty: fill in the number printed on or encoded in the badge').max(128).regex(/^\S*$/, 'badge_id has spaces: copy the badge number without spaces'),
  employee_id: z.string().trim().min(1, 'employee_id is empty: fill in the HR employee number').max(64),
  name: z.string().trim().min(1, 'name is empty: fill in the name shown on the terminal').max(200),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'language must be a language code such as en, es or es-MX'),
  site: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'site must be a site id such as plant-2 (lowercase letters, digits, dot, dash, underscore)'),
  roles: list(z.string().max(100)),
  stations: list(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'each station must be a station id such as press-line-4')),
  supervisor: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => TRUE.includes(v) || FALSE.includes(v), 'supervisor must be one of true, false, yes, no, 1, 0')
    .transform((v) => TRUE.includes(v)),
});
export type RosterRow = z.infer<typeof rosterRow>;

export const rosterImportError = z.object({
  /** Row number as a spreadsheet shows it: the header is row 1; 0 for a problem with the whole file. */
  row: z.number().int().min(0),
  /** The column at fault, or '' for the whole row or file. */
  column: z.string(),
  /** What is wrong and how to fix it. */
  message: z.string(),
});
export type RosterImportError = z.infer<typeof rosterImportError>;

export const rosterImportSummary = z.object({
  dryRun: z.boolean(),
  /** True when the changes were saved (never in a dry run, never with errors). */
  applied: z.boolean(),
  sites: z.array(z.string()),
  added: z.number().int(),
  changed: z.number().int(),
  deactivated: z.number().int(),
  unchanged: z.number().int(),
  badges: z.object({ added: z.number().int(), moved: z.number().int(), withdrawn: z.number().int() }),
  errors: z.array(rosterImportError),
});
export type RosterImportSummary = z.infer<typeof rosterImportSummary>;
