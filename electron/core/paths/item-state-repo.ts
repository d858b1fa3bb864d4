import type Database from 'better-sqlite3';
import { firstAnswers } from '../../../common/grading/lesson-grading';
import { applyAnswer, initialItemState, type ItemState } from '../../../common/paths';
import { preparedOnce } from '../store/prepared';

/** One answer to a knowledge-check item, as reinforcement needs it. */
export interface ItemAnswer {
  itemId: string;
  lessonId: string;
  correct: boolean;
}

const statements = preparedOnce((db) => ({
  all: db.prepare('SELECT state_json FROM item_states WHERE worker_id = ? ORDER BY item_id').pluck(),
  some: db.prepare('SELECT state_json FROM item_states WHERE worker_id = ? AND item_id IN (SELECT value FROM json_each(?))').pluck(),
  upsert: db.prepare(
    `INSERT INTO item_states (worker_id, item_id, lesson_id, due_at, state_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(worker_id, item_id) DO UPDATE SET lesson_id = excluded.lesson_id, due_at = excluded.due_at,
       state_json = excluded.state_json, updated_at = excluded.updated_at`,
  ),
}));

export function loadItemStates(db: Database.Database, workerId: string): ItemState[] {
  const rows = statements(db).all.all(workerId) as string[];
  return rows.map((json) => JSON.parse(json) as ItemState);
}

export function saveItemStates(db: Database.Database, workerId: string, states: readonly ItemState[], at: Date): void {
  const { upsert } = statements(db);
  db.transaction(() => {
    for (const s of states) upsert.run(workerId, s.itemId, s.lessonId, s.due, JSON.stringify(s), at.toISOString());
  })();
}

/** The new FSRS states after these answers (first per item), from the states the worker already has. */
export function nextItemStates(current: readonly ItemState[], answers: readonly ItemAnswer[], now: Date): ItemState[] {
  const byItem = new Map(current.map((s) => [s.itemId, s]));
  return firstAnswers(answers).map((a) => {
    const previous = byItem.get(a.itemId);
    // An item keeps its memory if it moved to another lesson: the worker still knows it or not.
    const state = previous ? { ...previous, lessonId: a.lessonId } : initialItemState({ itemId: a.itemId, lessonId: a.lessonId }, now);
    return applyAnswer(state, a.correct, now);
  });
}

/** Reads, schedules and writes the worker's answered items; call inside the transaction that records the answers. */
export function recordItemAnswers(db: Database.Database, workerId: string, answers: readonly ItemAnswer[], now: Date): ItemState[] {
  const ids = JSON.stringify([...new Set(answers.map((a) => a.itemId))]);
  const current = (
    statements(db).some.all(workerId, ids) as string[]
  ).map((json) => JSON.parse(json) as ItemState);
  const next = nextItemStates(current, answers, now);
  saveItemStates(db, workerId, next, now);
  return next;
}
