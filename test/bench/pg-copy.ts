import pg from 'pg';

/**
 * COPY ... FROM STDIN with the plain `pg` client (no extra package): a Submittable that sends the
 * rows as CopyData messages when the server asks for them. Rows are text-format COPY lines.
 */
class CopyIn {
  private error: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly lines: Iterable<string>,
    private readonly done: (error: Error | null) => void,
  ) {}

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  async handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void; stream: NodeJS.WritableStream & { writableNeedDrain?: boolean } }): Promise<void> {
    let chunk: string[] = [];
    let size = 0;
    const flush = async () => {
      connection.sendCopyFromChunk(Buffer.from(chunk.join('')));
      chunk = [];
      size = 0;
      if (connection.stream.writableNeedDrain) await new Promise((resolve) => connection.stream.once('drain', resolve));
    };
    for (const line of this.lines) {
      chunk.push(line);
      size += line.length;
      if (size > 1 << 20) await flush();
    }
    if (size > 0) await flush();
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.done(this.error);
  }
}

/** One text-format COPY field: NULL as \N, backslash, tab and line breaks escaped. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export async function copyRows(databaseUrl: string, schema: string, table: string, columns: readonly string[], lines: Iterable<string>): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path="${schema}"` });
  await client.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const copy = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, lines, (error) => (error ? reject(error) : resolve()));
      // pg runs any object with submit() as a query (the Submittable interface pg-copy-streams uses).
      void client.query(copy as unknown as pg.QueryConfig);
    });
  } finally {
    await client.end();
  }
}
