import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/db';
import { COMPLETION_COLUMNS, completionCsvRow, type ExportedStatement } from './completions';
import { csvHeader } from './csv';

const PAGE = 1000;

/** Every stored statement in insertion order, a page at a time (the table may not fit in memory). */
export async function* statementPages(db: Db): AsyncGenerator<ExportedStatement[]> {
  let after = 0;
  for (;;) {
    const r = await db.query<ExportedStatement & { seq: number }>(
      'SELECT seq, statement, site_id, employee_id, voided_by FROM statements WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, PAGE],
    );
    if (r.rows.length === 0) return;
    yield r.rows;
    after = Number(r.rows[r.rows.length - 1].seq);
    if (r.rows.length < PAGE) return;
  }
}

export async function* statementsJsonl(db: Db): AsyncGenerator<string> {
  for await (const page of statementPages(db)) yield page.map((r) => `${JSON.stringify(r.statement)}\n`).join('');
}

export async function* completionsCsv(db: Db): AsyncGenerator<string> {
  yield csvHeader(COMPLETION_COLUMNS);
  for await (const page of statementPages(db)) yield page.map(completionCsvRow).join('');
}

/**
 * Writes statements.jsonl and completions.csv into dir. Each goes to a temp file first and is
 * renamed into place only when complete, so a crash never leaves a half-written export.
 */
export async function exportAll(db: Db, dir: string): Promise<{ statements: number; files: string[] }> {
  const targets = { jsonl: join(dir, 'statements.jsonl'), csv: join(dir, 'completions.csv') };
  const temps = { jsonl: `${targets.jsonl}.tmp-${process.pid}`, csv: `${targets.csv}.tmp-${process.pid}` };
  const jsonl = await open(temps.jsonl, 'w');
  const csv = await open(temps.csv, 'w');
  let count = 0;
  try {
    await csv.write(csvHeader(COMPLETION_COLUMNS));
    for await (const page of statementPages(db)) {
      await jsonl.write(page.map((r) => `${JSON.stringify(r.statement)}\n`).join(''));
      await csv.write(page.map(completionCsvRow).join(''));
      count += page.length;
    }
    await jsonl.sync();
    await csv.sync();
  } catch (err) {
    await Promise.all([jsonl.close(), csv.close()]);
    await Promise.all([rm(temps.jsonl, { force: true }), rm(temps.csv, { force: true })]);
    throw err;
  }
  await Promise.all([jsonl.close(), csv.close()]);
  await rename(temps.jsonl, targets.jsonl);
  await rename(temps.csv, targets.csv);
  return { statements: count, files: [targets.jsonl, targets.csv] };
}
