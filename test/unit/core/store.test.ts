import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCompletion, type CompletionRecord } from '../../../electron/core/completions/completion-writer';
import { upsertWorker } from '../../../electron/core/session/roster-repo';
import { applyMigrations, readMigrations } from '../../../electron/core/store/migrate';
import { DB_FILE_NAME, openStore } from '../../../electron/core/store/open-store';
import { StoreOpenError } from '../../../electron/core/store/store-open-error';
import { preparedOnce } from '../../../electron/core/store/prepared';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const repoMigrations = path.resolve(__dirname, '../../../migrations');

function tables(db: import('better-sqlite3').Database): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
}

function seedWorker(db: import('better-sqlite3').Database): void {
  upsertWorker(db, { id: 'w1', employeeId: 'E1', firstName: 'Ana', displayName: 'Ana B', language: 'en', siteId: null, roles: [], stations: [], badges: ['5555'] });
}

function completion(id: string): CompletionRecord {
  const at = new Date('2026-11-25T10:00:00Z');
  return {
    id,
    workerId: 'w1',
    lessonId: 'ppe-check',
    lessonVersion: 1,
    language: 'en',
    score: 1,
    passed: true,
    durationMs: 61_000,
    answers: [{ itemId: 'i1', cardId: 'c1', chosen: ['b'], correct: true, answeredAt: at }],
    startedAt: new Date(at.getTime() - 61_000),
    completedAt: at,
    siteId: 'plant-2',
    stationId: 'press-line-4',
  };
}

describe('migrations', () => {
  it('creates every table from an empty directory and records the schema version', () => {
    const store = openStore(tempDir());
    expect(tables(store.db)).toEqual(
      expect.arrayContaining(['sites', 'stations', 'workers', 'worker_roles', 'worker_stations', 'badges', 'lessons', 'media', 'completions', 'item_results', 'progress', 'events', 'outbox']),
    );
    expect(store.db.pragma('user_version', { simple: true })).toBe(readMigrations(repoMigrations).length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('re-running on an up-to-date database changes nothing and keeps the data', () => {
    const dir = tempDir();
    const first = openStore(dir);
    seedWorker(first.db);
    first.close();
    const again = openStore(dir);
    expect(applyMigrations(again.db, readMigrations(repoMigrations))).toEqual([]);
    expect(again.db.prepare('SELECT count(*) FROM workers').pluck().get()).toBe(1);
    again.close();
  });

  it('applies pending migrations all-or-nothing: a failing second file leaves the first unapplied', () => {
    const migrations = tempDir();
    fs.writeFileSync(path.join(migrations, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    fs.writeFileSync(path.join(migrations, '002_b.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);');
    const dir = tempDir();
    expect(() => openStore(dir, { migrationsDir: migrations })).toThrow(/002_b\.sql failed/);
    fs.writeFileSync(path.join(migrations, '002_b.sql'), 'CREATE TABLE b (x INTEGER);');
    const store = openStore(dir, { migrationsDir: migrations });
    expect(tables(store.db)).toEqual(['a', 'b']);
    store.close();
  });

  it('refuses a database written by a newer version instead of touching it', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.db.pragma('user_version = 99');
    store.close();
    expect(() => openStore(dir)).toThrow(/newer Shiftlearn/);
  });
});

describe('prepared statements', () => {
  it('are prepared once per connection and reused, and a reopened store gets its own', () => {
    const dir = tempDir();
    let prepared = 0;
    const statements = preparedOnce((db) => {
      prepared++;
      return { count: db.prepare('SELECT count(*) FROM workers').pluck() };
    });
    const first = openStore(dir);
    expect(statements(first.db)).toBe(statements(first.db));
    expect(statements(first.db).count.get()).toBe(0);
    first.close();
    const second = openStore(dir);
    upsertWorker(second.db, { id: 'w1', employeeId: 'E1', firstName: 'A', displayName: 'A B', language: 'en', siteId: null, roles: [], stations: [], badges: ['1001'] });
    expect(statements(second.db).count.get()).toBe(1);
    expect(prepared).toBe(2);
    second.close();
  });
});

describe('completion writes', () => {
  it('stores the completion, its item results and its outbox row together', () => {
    const store = openStore(tempDir());
    seedWorker(store.db);
    writeCompletion(store.db, completion('6f0c1f2e-0000-4000-8000-000000000001'));
    const row = store.db.prepare('SELECT score, passed, duration_ms FROM completions').get();
    expect(row).toEqual({ score: 1, passed: 1, duration_ms: 61_000 });
    expect(store.db.prepare('SELECT item_id, correct FROM item_results').all()).toEqual([{ item_id: 'i1', correct: 1 }]);
    expect(store.db.prepare('SELECT statement_id, attempts FROM outbox').all()).toEqual([{ statement_id: '6f0c1f2e-0000-4000-8000-000000000001', attempts: 0 }]);
    store.close();
  });

  it('a failing outbox insert leaves neither the completion nor its item results behind', () => {
    const store = openStore(tempDir());
    seedWorker(store.db);
    store.db.exec("CREATE TRIGGER outbox_full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'simulated disk full'); END;");
    expect(() => writeCompletion(store.db, completion('6f0c1f2e-0000-4000-8000-000000000002'))).toThrow(/simulated disk full/);
    for (const table of ['completions', 'item_results', 'outbox']) {
      expect(store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
    store.close();
  });
});

describe('unusable database files', () => {
  it('a corrupt file gives a StoreOpenError with a fix and stays byte-identical', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE_NAME);
    const garbage = Buffer.from('this is not sqlite at all '.repeat(200));
    fs.writeFileSync(file, garbage);

    let error: unknown;
    try {
      openStore(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).title).toMatch(/damaged/);
    expect((error as StoreOpenError).fix).toMatch(/move .*shiftlearn\.db/);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['media', DB_FILE_NAME]);
  });

  it('a database locked by another process gives a StoreOpenError and is left untouched', async () => {
    const dir = tempDir();
    const seeded = openStore(dir);
    seedWorker(seeded.db);
    seeded.close();
    const file = path.join(dir, DB_FILE_NAME);
    const before = fs.readFileSync(file);

    // a second process takes an exclusive lock and holds it until its stdin closes
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)});
         db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE');
         process.stdout.write('locked\\n'); process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); }); process.stdin.resume();`,
      ],
      { cwd: path.resolve(__dirname, '../../..'), stdio: ['pipe', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
    });

    try {
      expect(() => openStore(dir, { busyTimeoutMs: 50 })).toThrow(StoreOpenError);
      expect(() => openStore(dir, { busyTimeoutMs: 50 })).toThrow(/in use by another program/);
    } finally {
      holder.stdin.end();
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const reopened = openStore(dir);
    expect(reopened.db.prepare('SELECT count(*) FROM workers').pluck().get()).toBe(1);
    reopened.close();
  });
});
