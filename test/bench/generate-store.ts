import type Database from 'better-sqlite3';
import type { Lesson } from '../../common/contracts/lesson';
import { applyAnswer, initialItemState, type ItemState } from '../../common/paths';
import { openStore } from '../../electron/core/store/open-store';
import { prng } from './prng';

/**
 * A big terminal store for benchmarks: lessons, workers with badges, and a completion history,
 * written with the real migrations (openStore) in one transaction. Deterministic for a given size.
 */

export interface StoreSize {
  lessons: number;
  workers: number;
  completions: number;
}

export const BENCH_SITE = { id: 'bench-site', name: 'Bench plant' };
export const BENCH_STATION = { id: 'station-00', name: 'Station 0' };

export interface GeneratedWorker {
  badge: string;
  firstName: string;
}

export interface GeneratedStore {
  size: StoreSize;
  /** Rows actually in the store after generation (item results and review states included). */
  rows: Record<string, number>;
  workers: GeneratedWorker[];
  seconds: number;
}

const FIRST_NAMES = ['Alex', 'Bea', 'Carlos', 'Dana', 'Emre', 'Fatima', 'Grace', 'Hugo', 'Ines', 'Jamal', 'Kenji', 'Lena', 'Marta', 'Noor', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tomas'];
const ROLES = Array.from({ length: 10 }, (_, i) => `role-${i}`);
const STATIONS = Array.from({ length: 20 }, (_, i) => `station-${String(i).padStart(2, '0')}`);
const SKILLS = Array.from({ length: 50 }, (_, i) => `skill-${i}`);
const DAY_MS = 86_400_000;

function lessonFor(i: number, language: string, rand: () => number): Lesson {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const id = `lesson-${String(i).padStart(4, '0')}`;
  const es = language === 'es';
  return {
    id,
    version: 1 + (i % 3),
    language,
    title: es ? `Lección ${i}` : `Lesson ${i}`,
    summary: es ? `Resumen de la lección ${i}.` : `What lesson ${i} is about, in one sentence.`,
    durationMinutes: 1 + (i % 8),
    skills: [pick(SKILLS)],
    // A fifth of the lessons are for everyone; the rest target a role or a station.
    roles: i % 5 === 1 ? [pick(ROLES)] : [],
    stations: i % 5 === 2 ? [pick(STATIONS)] : [],
    prerequisites: i % 10 === 3 && i > 10 ? [`lesson-${String(i - 7).padStart(4, '0')}`] : [],
    recertifyAfterDays: i % 4 === 0 ? 365 : null,
    tags: [],
    cards: [
      { kind: 'text', id: 'intro', markdown: `## ${es ? 'Lección' : 'Lesson'} ${i}\n${'Some words about doing the job safely. '.repeat(8)}` },
      { kind: 'text', id: 'steps', markdown: '1. Stop.\n2. Look.\n3. Act.' },
      {
        kind: 'check',
        id: 'q1',
        itemId: `${id}-q1`,
        mode: 'single',
        question: es ? '¿Qué haces primero?' : 'What do you do first?',
        options: [
          { id: 'a', text: es ? 'Parar' : 'Stop', correct: true, feedback: es ? 'Correcto.' : 'Right.' },
          { id: 'b', text: es ? 'Seguir' : 'Carry on', correct: false, feedback: es ? 'No.' : 'No.' },
        ],
      },
    ],
  };
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Fills an empty data dir; `now` anchors the completion history (the last two years before it). */
export function generateStore(dataDir: string, size: StoreSize, now = new Date()): GeneratedStore {
  const started = process.hrtime.bigint();
  const store = openStore(dataDir);
  const { db } = store;
  const rand = prng(20261125);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const workers: GeneratedWorker[] = [];
  try {
    db.transaction(() => {
      db.prepare('INSERT INTO sites (id, name) VALUES (?, ?)').run(BENCH_SITE.id, BENCH_SITE.name);
      const station = db.prepare('INSERT INTO stations (id, site_id, name) VALUES (?, ?, ?)');
      STATIONS.forEach((id, i) => station.run(id, BENCH_SITE.id, `Station ${i}`));

      const lesson = db.prepare(
        `INSERT INTO lessons (id, language, version, title, summary, duration_minutes, roles_json, stations_json, recertify_after_days, json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const lessons: Lesson[] = [];
      for (let i = 0; i < size.lessons; i++) {
        // Every lesson in English, every third also in Spanish: the store holds more rows than lessons.
        for (const language of i % 3 === 0 ? ['en', 'es'] : ['en']) {
          const l = lessonFor(i, language, rand);
          if (language === 'en') lessons.push(l);
          lesson.run(l.id, l.language, l.version, l.title, l.summary, l.durationMinutes, JSON.stringify(l.roles), JSON.stringify(l.stations), l.recertifyAfterDays, JSON.stringify(l));
        }
      }

      const worker = db.prepare('INSERT INTO workers (id, employee_id, first_name, display_name, language, site_id) VALUES (?, ?, ?, ?, ?, ?)');
      const role = db.prepare('INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)');
      const workerStation = db.prepare('INSERT INTO worker_stations (worker_id, station_id) VALUES (?, ?)');
      const badge = db.prepare('INSERT INTO badges (badge_id, worker_id) VALUES (?, ?)');
      const workerIds: string[] = [];
      for (let i = 0; i < size.workers; i++) {
        const id = `w-${String(i).padStart(5, '0')}`;
        // Consecutive workers never share a first name, so a greeting shows which tap it answers.
        const firstName = FIRST_NAMES[i % FIRST_NAMES.length]!;
        worker.run(id, `E${100000 + i}`, firstName, `${firstName} ${String.fromCharCode(65 + (i % 26))}. Bench`, i % 5 === 0 ? 'es' : 'en', BENCH_SITE.id);
        role.run(id, ROLES[i % ROLES.length]);
        workerStation.run(id, BENCH_STATION.id);
        if (i % 2 === 0) workerStation.run(id, pick(STATIONS.slice(1)));
        const badgeId = String(500000 + i);
        badge.run(badgeId, id);
        workerIds.push(id);
        workers.push({ badge: badgeId, firstName });
      }

      const completion = db.prepare(
        `INSERT INTO completions (id, worker_id, lesson_id, lesson_version, language, score, passed, duration_ms, answers_json, started_at, completed_at, site_id, station_id)
         VALUES (?, ?, ?, ?, 'en', ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const item = db.prepare(
        'INSERT INTO item_results (completion_id, worker_id, lesson_id, item_id, chosen_json, correct, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const states = new Map<string, ItemState>();
      // Oldest first, so the review state of an item follows its answers in time order.
      const history = Array.from({ length: size.completions }, () => now.getTime() - Math.floor(rand() * 730 * DAY_MS)).sort((a, b) => a - b);
      history.forEach((atMs, n) => {
        const workerId = workerIds[Math.floor(rand() * workerIds.length)]!;
        const l = lessons[Math.floor(rand() * lessons.length)]!;
        const correct = rand() < 0.8;
        const check = l.cards[2] as Extract<Lesson['cards'][number], { kind: 'check' }>;
        const at = new Date(atMs);
        const completedAt = at.toISOString();
        const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
        const chosen = [correct ? 'a' : 'b'];
        completion.run(
          id, workerId, l.id, l.version, correct ? 1 : 0, correct ? 1 : 0, 60_000 + Math.floor(rand() * 240_000),
          JSON.stringify([{ itemId: check.itemId, cardId: check.id, chosen, correct, answeredAt: completedAt }]),
          new Date(atMs - 120_000).toISOString(), completedAt, BENCH_SITE.id, pick(STATIONS),
        );
        item.run(id, workerId, l.id, check.itemId, JSON.stringify(chosen), correct ? 1 : 0, completedAt);
        const key = `${workerId}\u0000${check.itemId}`;
        const previous = states.get(key) ?? initialItemState({ itemId: check.itemId, lessonId: l.id }, at);
        states.set(key, applyAnswer(previous, correct, at));
      });

      // Newer schema versions keep review schedules per worker and item; fill them as the kiosk would have.
      if (tableExists(db, 'item_states')) {
        const state = db.prepare('INSERT INTO item_states (worker_id, item_id, lesson_id, due_at, state_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
        for (const [key, s] of states) {
          const workerId = key.slice(0, key.indexOf('\u0000'));
          state.run(workerId, s.itemId, s.lessonId, s.due, JSON.stringify(s), now.toISOString());
        }
      }
    }).immediate();

    const rows: Record<string, number> = {};
    for (const table of ['lessons', 'workers', 'badges', 'completions', 'item_results', 'item_states']) {
      if (tableExists(db, table)) rows[table] = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    }
    return { size, rows, workers, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    store.close();
  }
}
