/**
 * COPY ... FROM STDIN on one `pg` connection, with no extra package: an object with submit() is run
 * by pg as a query (the Submittable interface pg-copy-streams uses), and it sends the rows as
 * CopyData messages when the server asks for them. Rows are text-format COPY lines (copyField).
 */

/** The parts of pg's connection a COPY uses. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** What pg's Client.query accepts besides SQL text. */
interface Submittable {
  submit(connection: CopyConnection): void;
}

/** Lines are sent in messages of about this size, each after the socket drained the one before. */
const CHUNK_BYTES = 1 << 20;

class CopyIn implements Submittable {
  private failed = false;
  private rows = 0;

  constructor(
    private readonly sql: string,
    private readonly lines: Iterable<string>,
    private readonly done: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.sql);
  }

  async handleCopyInResponse(connection: CopyConnection): Promise<void> {
    let chunk = '';
    const flush = async () => {
      connection.sendCopyFromChunk(Buffer.from(chunk));
      chunk = '';
      if (connection.stream.writableNeedDrain) await new Promise((resolve) => connection.stream.once('drain', resolve));
    };
    for (const line of this.lines) {
      // Failed (say a unique violation in an earlier message): the server ignores copy data from now on.
      if (this.failed) return;
      chunk += line;
      if (chunk.length > CHUNK_BYTES) await flush();
    }
    if (chunk.length > 0) await flush();
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    this.rows = Number(message.text.split(' ')[1]);
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}

  /** pg ends the query here on an error: it calls handleReadyForQuery only after a success. */
  handleError(error: Error): void {
    this.failed = true;
    this.done(error, 0);
  }

  handleReadyForQuery(): void {
    this.done(null, this.rows);
  }
}

/**
 * Runs `COPY <table> (<columns>) FROM STDIN` with these lines on a connected client (inside its
 * transaction, if one is open); resolves with the number of rows copied, or rejects with
 * PostgreSQL's error (e.g. a unique violation, code 23505).
 */
export function copyIn(client: { query(submittable: never): unknown }, table: string, columns: readonly string[], lines: Iterable<string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const copy = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, lines, (error, rows) => (error ? reject(error) : resolve(rows)));
    void client.query(copy as never);
  });
}

/** One text-format COPY field: NULL as \N; backslash, tab and line breaks escaped. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
