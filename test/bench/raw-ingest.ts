import type { Db } from '../../server/db/db';
import { copyField, copyRows } from './pg-copy';

/**
 * The database's own ingest rate, for comparison with the server's: the rows the server stored,
 * written again into the same statements table with a plain INSERT and with COPY (PostgreSQL only).
 */

/** Every column the server's INSERT fills (seq and voided_by take their defaults there too). */
const COLUMNS = [
  'id',
  'statement',
  'content_hash',
  'stored',
  'terminal_id',
  'site_id',
  'actor_key',
  'verb_id',
  'activity_id',
  'employee_id',
  'object_agent_key',
  'registration',
  'related_agents',
  'related_activities',
] as const;

/** One stored row as PostgreSQL's text of each column, in COLUMNS order. */
export type RawRow = (string | null)[];

/** The statements table and the summaries written with it, emptied: every timed run starts from the same state. */
export async function emptyIngestTables(db: Db): Promise<void> {
  await db.query('TRUNCATE statements, lesson_records, completion_weeks, worker_states, requirement_states');
}

/** The rows the server stored, in the order it stored them, as text (what a client would send). */
export async function storedRows(db: Db): Promise<RawRow[]> {
  const r = await db.query<Record<string, string | null>>(`SELECT ${COLUMNS.map((c) => `${c}::text`).join(', ')} FROM statements ORDER BY seq`);
  return r.rows.map((row) => COLUMNS.map((c) => row[c]));
}

/** Seconds to INSERT the rows in batches of `batch`, one multi-row VALUES statement per batch, one client. */
export async function timeRawInsert(db: Db, rows: RawRow[], batch: number): Promise<number> {
  const batches: { sql: string; params: (string | null)[] }[] = [];
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const values = slice.map((_r, i) => `(${COLUMNS.map((_c, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`);
    batches.push({ sql: `INSERT INTO statements (${COLUMNS.join(', ')}) VALUES ${values.join(', ')}`, params: slice.flat() });
  }
  const started = process.hrtime.bigint();
  for (const b of batches) await db.query(b.sql, b.params);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Seconds to COPY the rows in (one COPY, its own connection included). */
export async function timeCopy(databaseUrl: string, schema: string, rows: RawRow[]): Promise<number> {
  const lines = rows.map((row) => `${row.map(copyField).join('\t')}\n`);
  const started = process.hrtime.bigint();
  await copyRows(databaseUrl, schema, 'statements', COLUMNS, lines);
  return Number(process.hrtime.bigint() - started) / 1e9;
}
