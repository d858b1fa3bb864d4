import pg from 'pg';
import { copyIn } from '../../server/db/copy-in';

export { copyField } from '../../server/db/copy-in';

/** COPY the lines into a table of the schema over a connection of its own (opened and closed here). */
export async function copyRows(databaseUrl: string, schema: string, table: string, columns: readonly string[], lines: Iterable<string>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path="${schema}"` });
  await client.connect();
  try {
    await copyIn(client, table, columns, lines);
  } finally {
    await client.end();
  }
}
