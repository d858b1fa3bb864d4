import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../errors';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv-parse';

/** BCP 47 as plants use it: "es", "pt-BR", "zh-Hant". */
const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language is a BCP 47 tag such as "es" or "pt-BR"');

export const displayNameEntry = z
  .object({
    kind: z.enum(['role', 'station', 'skill']),
    /** Stations only: the site the station belongs to. */
    siteId: slugId.optional(),
    id: slugId,
    language: languageTag,
    /** null removes the name in that language. */
    name: z.string().trim().min(1).max(200).nullable(),
  })
  .strict();
export type DisplayNameEntry = z.infer<typeof displayNameEntry>;

export const displayNamesBody = z.object({ names: z.array(displayNameEntry).min(1).max(5000) }).strict();

interface Row {
  kind: DisplayNameEntry['kind'];
  site_id: string;
  id: string;
  language: string;
  name: string;
}

/** Every name that is set, stations with their site. */
export async function listDisplayNames(db: Queryable): Promise<DisplayNameEntry[]> {
  const r = await db.query<Row>('SELECT kind, site_id, id, language, name FROM display_names WHERE name IS NOT NULL ORDER BY kind, site_id, id, language');
  return r.rows.map((row) => ({ kind: row.kind, ...(row.site_id ? { siteId: row.site_id } : {}), id: row.id, language: row.language, name: row.name }));
}

/**
 * Sets (or with name null, removes) names in one transaction. A station name must say which site's
 * station it is, and that station must exist; role and skill names are the same at every site.
 */
export async function setDisplayNames(db: Db, entries: readonly DisplayNameEntry[]): Promise<{ saved: number }> {
  const problems: string[] = [];
  entries.forEach((e, i) => {
    if (e.kind === 'station' && !e.siteId) problems.push(`names[${i}]: station "${e.id}" needs its siteId (station ids are per site)`);
    if (e.kind !== 'station' && e.siteId) problems.push(`names[${i}]: a ${e.kind} name holds at every site: leave siteId out`);
  });
  if (problems.length > 0) throw new HttpError(400, 'invalid-display-names', problems.join('; '));
  return db.transaction(async (tx) => {
    const stations = entries.filter((e) => e.kind === 'station');
    if (stations.length > 0) {
      const known = await tx.query<{ key: string }>(`SELECT site_id || '/' || id AS key FROM stations WHERE NOT deleted`);
      const have = new Set(known.rows.map((r) => r.key));
      const missing = [...new Set(stations.map((e) => `${e.siteId}/${e.id}`).filter((k) => !have.has(k)))];
      if (missing.length > 0) {
        throw new HttpError(404, 'station-not-found', `no such station: ${missing.join(', ')}: create it first (create-station), then name it`);
      }
    }
    await tx.query(
      `INSERT INTO display_names (kind, site_id, id, language, name)
       SELECT x.kind, coalesce(x."siteId", ''), x.id, x.language, x.name
         FROM jsonb_to_recordset($1::jsonb) AS x(kind text, "siteId" text, id text, language text, name text)
       ON CONFLICT (kind, site_id, id, language) DO UPDATE SET name = EXCLUDED.name
       WHERE display_names.name IS DISTINCT FROM EXCLUDED.name`,
      [JSON.stringify(entries)],
    );
    return { saved: entries.length };
  });
}

const CSV_COLUMNS = ['kind', 'site', 'id', 'language', 'name'] as const;

/**
 * A names sheet as plants keep it: `kind,site,id,language,name`, one name per row (site only for
 * stations; an empty name removes it). All rows are checked before anything is saved.
 */
export function parseDisplayNamesCsv(text: string): { names: DisplayNameEntry[]; errors: string[] } {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { names: [], errors: [`row ${err.row}: ${err.message}`] };
    throw err;
  }
  const [header, ...rows] = records;
  const columns = header?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  if (CSV_COLUMNS.some((c, i) => columns[i] !== c)) {
    return { names: [], errors: [`row 1: the header must be ${CSV_COLUMNS.join(',')} (found "${columns.join(',')}")`] };
  }
  const names: DisplayNameEntry[] = [];
  const errors: string[] = [];
  for (const { row, cells } of rows) {
    const [kind, site, id, language, name] = cells.map((c) => c.trim());
    const parsed = displayNameEntry.safeParse({ kind, ...(site ? { siteId: site } : {}), id, language, name: name || null });
    if (parsed.success) names.push(parsed.data);
    else errors.push(`row ${row}: ${parsed.error.issues.map((i) => `${String(i.path[0] ?? '')} ${i.message}`).join('; ')}`);
  }
  if (names.length === 0 && errors.length === 0) errors.push('the file has a header but no names: add one row per name');
  return { names, errors };
}
