import { CsvSyntaxError, parseCsv } from './csv-parse';
import { effectiveFrom, recertDays, requirementsInput, type RequirementsInput } from './requirements';
import { describeZodError, HttpError } from '../errors';

/**
 * Requirements as a spreadsheet: one row per role (role filled) or per station (site and station
 * filled), lessons and skills semicolon-separated like the roster's roles, lessons in step order;
 * recert_days (days a completion counts, overriding the lessons' own interval) and effective_from
 * (YYYY-MM-DD) may be empty. `requirements list` prints this form and `requirements import` reads it,
 * so a file can be exported, edited and sent back. A row replaces what its role or station required;
 * empty lessons and skills remove the requirement.
 */

export const REQUIREMENTS_COLUMNS = ['role', 'site', 'station', 'lessons', 'skills', 'recert_days', 'effective_from'] as const;
/** Files written before recert_days and effective_from existed still import (both read as empty). */
const OPTIONAL_COLUMNS: readonly string[] = ['recert_days', 'effective_from'];

const list = (cell: string) => cell.split(';').map((x) => x.trim()).filter((x) => x.length > 0);

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

const termCells = (r: Omit<RequirementsInput['roles'][number], 'role'>) => [r.lessons.join(';'), r.skills.join(';'), r.recertDays === null ? '' : String(r.recertDays), r.effectiveFrom ?? ''];

export function formatRequirementsCsv(reqs: RequirementsInput): string {
  const rows = [
    ...reqs.roles.map((r) => [r.role, '', '', ...termCells(r)]),
    ...reqs.stations.map((s) => ['', s.siteId, s.stationId, ...termCells(s)]),
  ];
  return [REQUIREMENTS_COLUMNS.join(','), ...rows.map((r) => r.map(quote).join(','))].join('\n') + '\n';
}

/** All rows or nothing: every row's problem is named with its spreadsheet row number. */
export function parseRequirementsCsv(text: string): RequirementsInput {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new HttpError(400, 'invalid-csv', err.message);
    throw err;
  }
  const [header, ...rows] = records;
  const columns = header?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  const missing = REQUIREMENTS_COLUMNS.filter((c) => !columns.includes(c) && !OPTIONAL_COLUMNS.includes(c));
  if (missing.length > 0) {
    throw new HttpError(400, 'invalid-csv', `row 1: the header lacks ${missing.join(', ')}: the first row must be ${REQUIREMENTS_COLUMNS.join(',')}`);
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const input: RequirementsInput = { roles: [], stations: [] };
  for (const { row, cells } of rows) {
    const cell = (name: (typeof REQUIREMENTS_COLUMNS)[number]) => (cells[columns.indexOf(name)] ?? '').trim();
    const [role, site, station] = [cell('role'), cell('site'), cell('station')];
    const owner = role ? `role ${role}` : `station ${site}/${station}`;
    if (role ? site || station : !site || !station) {
      problems.push(`row ${row}: fill either role, or both site and station`);
      continue;
    }
    const first = seen.get(owner);
    if (first !== undefined) {
      problems.push(`row ${row}: ${owner} is already on row ${first}: put all its lessons in one row`);
      continue;
    }
    seen.set(owner, row);
    const days = cell('recert_days');
    const recert = recertDays.safeParse(days === '' ? null : /^\d+$/.test(days) ? Number(days) : days);
    const from = effectiveFrom.safeParse(cell('effective_from') || null);
    if (!recert.success) problems.push(`row ${row}: recert_days "${days}": ${recert.error.issues[0].message.replace('recertDays', 'recert_days')}`);
    if (!from.success) problems.push(`row ${row}: effective_from "${cell('effective_from')}": ${from.error.issues[0].message.replace('effectiveFrom', 'effective_from')}`);
    if (!recert.success || !from.success) continue;
    const lists = { lessons: list(cell('lessons')), skills: list(cell('skills')), recertDays: recert.data, effectiveFrom: from.data };
    if (role) input.roles.push({ role, ...lists });
    else input.stations.push({ siteId: site, stationId: station, ...lists });
  }
  if (problems.length > 0) throw new HttpError(400, 'invalid-csv', `nothing was changed: ${problems.join('; ')}`);
  const parsed = requirementsInput.safeParse(input);
  if (!parsed.success) throw new HttpError(400, 'invalid-csv', `nothing was changed: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
