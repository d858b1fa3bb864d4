import type { Db } from '../../server/db/db';
import { STATEMENT_COLUMNS } from '../../server/statements/copy-statements';
import { copyField, copyRows } from './pg-copy';

/**
 * The database's own ingest rate, for comparison with the server's: the rows the server stored,
 * written again into the same statements table with a plain INSERT and with COPY (PostgreSQL only).
 */

/** Every column the server fills (seq and voided_by take their defaults there too). */
const COLUMNS = STATEMENT_COLUMNS;

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

/** Column types, for the array parameters of the unnest INSERT (the related_* lists travel as array literals). */
const TYPES = ['uuid', 'jsonb', 'text', 'timestamptz', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'uuid', 'text', 'text'];

/**
 * The two plain INSERT shapes a client would write: one multi-row VALUES list (a parameter per
 * column and row), or one array parameter per column expanded by unnest (14 parameters whatever
 * the batch size, so PostgreSQL parses far less).
 */
export type InsertShape = 'VALUES' | 'unnest';

function insertBatch(slice: RawRow[], shape: InsertShape): { sql: string; params: unknown[] } {
  if (shape === 'unnest') {
    const columns = COLUMNS.map((c, j) => (j >= 12 ? `${c}::text[]` : c));
    return {
      sql: `INSERT INTO statements (${COLUMNS.join(', ')}) SELECT ${columns.join(', ')} FROM unnest(${TYPES.map((t, j) => `$${j + 1}::${t}[]`).join(', ')}) AS r(${COLUMNS.join(', ')})`,
      params: COLUMNS.map((_c, j) => slice.map((row) => row[j])),
    };
  }
  const values = slice.map((_r, i) => `(${COLUMNS.map((_c, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`);
  return { sql: `INSERT INTO statements (${COLUMNS.join(', ')}) VALUES ${values.join(', ')}`, params: slice.flat() };
}

/**
 * Seconds to INSERT the rows in batches of `batch`, one statement per batch, over `connections`
 * concurrent pool connections each taking the next unsent batch (as the server's clients do).
 */
export async function timeRawInsert(db: Db, rows: RawRow[], batch: number, shape: InsertShape, connections = 1): Promise<number> {
  const batches: { sql: string; params: unknown[] }[] = [];
  for (let start = 0; start < rows.length; start += batch) batches.push(insertBatch(rows.slice(start, start + batch), shape));
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < batches.length) {
        const b = batches[next++];
        await db.query(b.sql, b.params);
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Seconds to COPY the rows in (one COPY, its own connection included). */
export async function timeCopy(databaseUrl: string, schema: string, rows: RawRow[]): Promise<number> {
  const lines = rows.map((row) => `${row.map(copyField).join('\t')}\n`);
  const started = process.hrtime.bigint();
  await copyRows(databaseUrl, schema, 'statements', COLUMNS, lines);
  return Number(process.hrtime.bigint() - started) / 1e9;
}
