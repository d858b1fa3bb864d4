/**
 * Ingest rate of POST /xapi/statements over real HTTP on 127.0.0.1, for batches of 100 and 500,
 * on PostgreSQL (DATABASE_URL) and on embedded PGlite. Target: >= 10,000 statements/s on PostgreSQL.
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx test/bench/sync-ingest.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdminToken, createEnrollmentCode, createSite, createStation } from '../../server/admin';
import { buildApp } from '../../server/app';
import { openDb } from '../../server/db/db';
import { migrate } from '../../server/db/migrate';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { benchArgs } from './bench-args';

const SERVER_URL = 'http://learn.bench';

interface Result {
  database: string;
  batch: number;
  concurrency: number;
  statements: number;
  seconds: number;
}

/** The 400 workers and 30 lessons the statements name: a terminal writes only for its site's roster and lessons. */
async function seedRosterAndLessons(base: string, adminToken: string): Promise<void> {
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`seeding ${path} failed: ${res.status} ${await res.text()}`);
  };
  await put('/api/v1/admin/workers', { workers: Array.from({ length: 400 }, (_, i) => ({ employeeId: `E${i}`, displayName: `Worker ${i}`, language: 'en', siteId: 'plant-2' })) });
  const lesson = (id: string) => ({ id, version: 1, language: 'en', title: id, summary: '', durationMinutes: 3, skills: [], roles: [], stations: [], prerequisites: [], recertifyAfterDays: null, tags: [], cards: [{ kind: 'text', id: 'c1', markdown: 'x' }] });
  await put('/api/v1/admin/lessons', { lessons: Array.from({ length: 30 }, (_, i) => ({ siteId: null, lesson: lesson(`lesson-${i}`) })) });
}

async function benchDatabase(databaseUrl: string | undefined, total: number): Promise<Result[]> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const db = await openDb({ databaseUrl, schema, poolSize: 8 });
  await migrate(db);
  const app = await buildApp({ db, serverUrl: SERVER_URL });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    await createSite(db, { id: 'plant-2', name: 'Plant 2' });
    await createStation(db, { siteId: 'plant-2', id: 'press-line-4', name: 'Press line 4' });
    const { token } = await createAdminToken(db, 'bench');
    await seedRosterAndLessons(base, token);
    const { code } = await createEnrollmentCode(db, 'plant-2', 'press-line-4', 3_600_000, new Date());
    const enrolled = await (await fetch(`${base}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, terminalName: 'bench' }) })).json();
    const headers = {
      authorization: `Bearer ${enrolled.terminalId}.${enrolled.credential}`,
      'content-type': 'application/json',
      'x-experience-api-version': '1.0.3',
    };
    const ctx = { serverUrl: SERVER_URL, siteId: 'plant-2', stationId: 'press-line-4', terminalId: enrolled.terminalId };

    const results: Result[] = [];
    for (const batch of [100, 500]) {
      for (const concurrency of [1, 4]) {
        // Bodies are built before the clock starts: the kiosk builds them long before it sends.
        const bodies: string[] = [];
        for (let sent = 0; sent < total; sent += batch) {
          const statements = Array.from({ length: Math.min(batch, total - sent) }, (_, i) =>
            buildCompletionStatement(
              {
                id: randomUUID(),
                employeeId: `E${(sent + i) % 400}`,
                workerName: 'Bench Worker',
                lessonId: `lesson-${i % 30}`,
                lessonVersion: 1,
                lessonTitle: 'Lesson',
                language: 'en',
                score: 0.8,
                passed: true,
                durationMs: 95_000,
                completedAt: new Date(1_795_000_000_000 + sent + i).toISOString(),
              },
              ctx,
            ),
          );
          bodies.push(JSON.stringify(statements));
        }
        let next = 0;
        const started = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < bodies.length) {
              const body = bodies[next++];
              const res = await fetch(`${base}/xapi/statements`, { method: 'POST', headers, body });
              if (res.status !== 200) throw new Error(`POST failed: ${res.status} ${await res.text()}`);
              await res.arrayBuffer();
            }
          }),
        );
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        results.push({ database: db.kind, batch, concurrency, statements: total, seconds });
        console.log(`${db.kind.padEnd(8)} batch ${String(batch).padStart(3)}  ${concurrency} client(s)  ${total} statements  ${seconds.toFixed(2)} s  ${Math.round(total / seconds)} statements/s`);
      }
    }
    return results;
  } finally {
    await app.close();
    if (db.kind === 'postgres') await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  }
}

async function main() {
  const all: Result[] = [];
  if (process.env.DATABASE_URL) all.push(...(await benchDatabase(process.env.DATABASE_URL, 20_000)));
  else console.log('postgres skipped: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  all.push(...(await benchDatabase(undefined, 10_000)));
  const pg = all.filter((r) => r.database === 'postgres' && r.batch === 500);
  if (pg.length > 0) {
    const best = Math.max(...pg.map((r) => r.statements / r.seconds));
    console.log(`postgres, batches of 500: best ${Math.round(best)} statements/s (target >= 10000): ${best >= 10_000 ? 'MET' : 'NOT MET'}`);
  }
}

benchArgs('Usage: [DATABASE_URL=postgres://...] npx tsx test/bench/sync-ingest.ts   (ingest rate, PGlite and PostgreSQL)', {});
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
