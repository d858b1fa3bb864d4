/**
 * One server process for `npm run bench:chaos`: the real app on a fixed port over PostgreSQL
 * (DATABASE_URL, own schema) so it can be killed with SIGKILL and started again on the same data.
 */
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app';
import { openDb } from '../../server/db/db';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, schema: { type: 'string' } } });
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, schema: values.schema!, poolSize: 4 });
  const app = await buildApp({ db, serverUrl: 'http://learn.test' });
  await app.listen({ host: '127.0.0.1', port: Number(values.port) });
  process.stdout.write('ready\n');
}

void main();
