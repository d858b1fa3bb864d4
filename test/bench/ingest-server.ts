/**
 * One server process of the ingest benchmark (sync-ingest.ts forks it): buildApp on PostgreSQL in
 * the benchmark's schema, listening on a free port of 127.0.0.1, which it sends to the parent. Its
 * own process, so its CPU time is the server's alone (the clients run in the parent), and several
 * of them on one database are the documented scale-out: stateless processes behind a load balancer.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app';
import { openDb } from '../../server/db/db';

async function main(databaseUrl: string, schema: string, serverUrl: string): Promise<void> {
  const db = await openDb({ databaseUrl, schema, poolSize: 4 });
  const app = await buildApp({ db, serverUrl });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ port: (app.server.address() as AddressInfo).port });
  process.on('disconnect', () => void app.close().then(() => db.close()));
}

const [databaseUrl, schema, serverUrl] = process.argv.slice(2);
if (!databaseUrl || !schema || !serverUrl || !process.send) {
  console.error('Usage: forked by test/bench/sync-ingest.ts with <DATABASE_URL> <schema> <public URL> and an IPC channel');
  process.exit(2);
}
main(databaseUrl, schema, serverUrl).catch((err) => {
  console.error(err);
  process.exit(1);
});
