import { ROSTER_COLUMNS, rosterRow, type RosterImportError, type RosterRow } from '../../common/contracts/roster-import';
import { unstorableTextProblem } from '../../common/xapi/storable-json';
import { maskBadge } from '../../common/privacy/mask-badge';
import { CsvSyntaxError, parseCsv } from './csv-parse';

export interface ValidRow extends RosterRow {
  row: number;
}

/** Parses and validates the file; row errors name the row, the column and the fix. */
export function readRoster(text: string): { rows: ValidRow[]; errors: RosterImportError[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { rows: [], errors: [{ row: err.row, column: '', message: err.message }] };
    throw err;
  }
  const errors: RosterImportError[] = [];
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ row: 0, column: '', message: `the file is empty: export the roster with the header row ${ROSTER_COLUMNS.join(',')}` }] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = ROSTER_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return { rows: [], errors: [{ row: 1, column: missing.join(', '), message: `the header lacks ${missing.join(', ')}: the first row must name the columns ${ROSTER_COLUMNS.join(',')}` }] };
  }
  const rows: ValidRow[] = [];
  const badges = new Map<string, number>();
  const workers = new Map<string, ValidRow>();
  for (const rec of body) {
    if (rec.cells.length !== names.length) {
      errors.push({ row: rec.row, column: '', message: `row ${rec.row} has ${rec.cells.length} cells but the header has ${names.length}: quote any cell that contains a comma` });
      continue;
    }
    const raw = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, rec.cells[names.indexOf(c)]]));
    const unstorable = ROSTER_COLUMNS.map((c) => ({ column: c, problem: unstorableTextProblem(raw[c] ?? '') })).find((c) => c.problem !== null);
    if (unstorable) {
      errors.push({ row: rec.row, column: unstorable.column, message: `the cell ${unstorable.problem}` });
      continue;
    }
    const parsed = rosterRow.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row: rec.row, column: String(issue.path[0] ?? ''), message: issue.message });
      continue;
    }
    const row: ValidRow = { ...parsed.data, roles: [...new Set(parsed.data.roles)].sort(), stations: [...new Set(parsed.data.stations)].sort(), row: rec.row };
    const seenBadge = badges.get(row.badge_id);
    if (seenBadge !== undefined) {
      errors.push({ row: rec.row, column: 'badge_id', message: `badge ${maskBadge(row.badge_id)} is already on row ${seenBadge}: a badge belongs to one worker; remove one of the rows` });
      continue;
    }
    badges.set(row.badge_id, rec.row);
    const first = workers.get(row.employee_id);
    if (first) {
      const differs = (['name', 'language', 'site', 'roles', 'stations', 'supervisor'] as const).find((k) => JSON.stringify(first[k]) !== JSON.stringify(row[k]));
      if (differs) {
        errors.push({ row: rec.row, column: differs, message: `employee ${row.employee_id} is also on row ${first.row} with a different ${differs}: rows of one worker (one per badge) must agree` });
        continue;
      }
    } else workers.set(row.employee_id, row);
    rows.push(row);
  }
  return { rows, errors };
}

export interface WorkerWrite {
  employeeId: string;
  siteId: string;
  name: string;
  language: string;
  roles: string[];
  stations: string[];
  supervisor: boolean;
}

/** A worker as the database holds it: the imported fields and whether it is still active or deleted. */
export interface CurrentWorker extends WorkerWrite {
  active: boolean;
  deleted: boolean;
}

export interface CurrentBadge {
  badgeId: string;
  employeeId: string;
  siteId: string;
  deleted: boolean;
}

/** What the database holds that the import touches: the imported sites and anyone or any badge in the file. */
export interface RosterState {
  /** Existing site ids, and station ids per site. */
  stations: ReadonlyMap<string, ReadonlySet<string>>;
  workers: readonly CurrentWorker[];
  badges: readonly CurrentBadge[];
}

export interface RosterPlan {
  sites: string[];
  add: WorkerWrite[];
  change: WorkerWrite[];
  deactivate: string[];
  unchanged: number;
  /** Badges to create or point at another worker. */
  badgeUpserts: Array<{ badgeId: string; employeeId: string; siteId: string; moved: boolean }>;
  withdrawBadges: string[];
  errors: RosterImportError[];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** The difference between the file and the database; pure, so a dry run and an apply agree by construction. */
export function planRoster(rows: readonly ValidRow[], state: RosterState): RosterPlan {
  const errors: RosterImportError[] = [];
  const valid: ValidRow[] = [];
  for (const r of rows) {
    const stations = state.stations.get(r.site);
    if (!stations) {
      errors.push({ row: r.row, column: 'site', message: `there is no site "${r.site}": create it first (npm run server -- create-site --id ${r.site} --name ...) or fix the site id` });
      continue;
    }
    const unknown = r.stations.filter((s) => !stations.has(s));
    if (unknown.length > 0) {
      errors.push({ row: r.row, column: 'stations', message: `site "${r.site}" has no station ${unknown.map((s) => `"${s}"`).join(', ')}: create it (create-station --site ${r.site} --id ...) or fix the station id` });
      continue;
    }
    valid.push(r);
  }
  const sites = [...new Set(rows.map((r) => r.site))].sort();
  const current = new Map(state.workers.map((w) => [w.employeeId, w]));
  const add: WorkerWrite[] = [];
  const change: WorkerWrite[] = [];
  let unchanged = 0;
  const written = new Set<string>();
  for (const r of valid) {
    if (written.has(r.employee_id)) continue;
    written.add(r.employee_id);
    const w: WorkerWrite = { employeeId: r.employee_id, siteId: r.site, name: r.name, language: r.language, roles: r.roles, stations: r.stations, supervisor: r.supervisor };
    const now = current.get(r.employee_id);
    if (!now) add.push(w);
    else if (
      now.deleted ||
      !now.active ||
      now.siteId !== w.siteId ||
      now.name !== w.name ||
      now.language !== w.language ||
      now.supervisor !== w.supervisor ||
      !sameList(now.roles, w.roles) ||
      !sameList(now.stations, w.stations)
    )
      change.push(w);
    else unchanged += 1;
  }
  const inFile = new Set(rows.map((r) => r.employee_id));
  const deactivate = state.workers
    .filter((w) => sites.includes(w.siteId) && w.active && !w.deleted && !inFile.has(w.employeeId))
    .map((w) => w.employeeId)
    .sort();

  const badges = new Map(state.badges.map((b) => [b.badgeId, b]));
  const badgeUpserts: RosterPlan['badgeUpserts'] = [];
  for (const r of valid) {
    const b = badges.get(r.badge_id);
    if (!b || b.deleted) badgeUpserts.push({ badgeId: r.badge_id, employeeId: r.employee_id, siteId: r.site, moved: false });
    else if (b.employeeId !== r.employee_id || b.siteId !== r.site) badgeUpserts.push({ badgeId: r.badge_id, employeeId: r.employee_id, siteId: r.site, moved: b.employeeId !== r.employee_id });
  }
  const badgesInFile = new Set(rows.map((r) => r.badge_id));
  const withdrawBadges = state.badges.filter((b) => sites.includes(b.siteId) && !b.deleted && !badgesInFile.has(b.badgeId)).map((b) => b.badgeId);

  return { sites, add, change, deactivate, unchanged, badgeUpserts, withdrawBadges, errors };
}
