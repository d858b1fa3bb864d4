import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../../common/contracts/lesson';
import { upsertLesson } from '../../../electron/core/lessons/lesson-repo';
import { createCatalogSource } from '../../../electron/core/paths/catalog-source';
import { loadHistory } from '../../../electron/core/paths/history-repo';
import { loadItemStates, recordItemAnswers } from '../../../electron/core/paths/item-state-repo';
import { recordLessonCompletion, REVIEW_LESSON_ID } from '../../../electron/core/paths/record-completion';
import { loadRequirements, replaceRequirements } from '../../../electron/core/paths/requirements-repo';
import { upsertWorker } from '../../../electron/core/session/roster-repo';
import { openStore, type Store } from '../../../electron/core/store/open-store';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const DAY = 86_400_000;
const t0 = new Date('2026-11-25T08:00:00.000Z');

let store: Store;
afterEach(() => store?.close());

function open(): Store {
  store = openStore(tempDir());
  upsertWorker(store.db, { id: 'w1', employeeId: 'E1', firstName: 'Ana', displayName: 'Ana Example', language: 'en', siteId: null, roles: [], stations: [], badges: ['b1'] });
  return store;
}

function lesson(id: string, version = 1, language = 'en'): Lesson {
  return {
    id, version, language, title: `${id} ${language}`, summary: '', durationMinutes: 2, skills: [], roles: [], stations: [], prerequisites: [], recertifyAfterDays: null, tags: [],
    cards: [{ kind: 'check', id: 'q1', itemId: `${id}-q1`, mode: 'single', question: 'Which?', options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B', correct: false }] }],
  };
}

function completion(lessonId: string, at: Date, correct: boolean, id: string = crypto.randomUUID()) {
  return {
    id, workerId: 'w1', lessonId, lessonVersion: 1, language: 'en', score: correct ? 1 : 0, passed: correct, durationMs: 60_000,
    answers: [{ itemId: `${lessonId}-q1`, cardId: 'q1', chosen: [correct ? 'a' : 'b'], correct, answeredAt: at }],
    startedAt: at, completedAt: at, siteId: 'plant-2', stationId: 'press-line-4',
  };
}

describe('requirements in SQLite', () => {
  it('round-trips role and station requirements (lessons in step order, with their terms) and replaces the whole set at once', () => {
    const { db } = open();
    replaceRequirements(db, {
      byRole: { 'press-operator': { lessons: ['ppe-check'], skills: ['loto'] } },
      byStation: { 'press-line-4': { lessons: ['press-pinch-points', 'lockout-basics', 'guarding'], skills: [], recertDays: 90, effectiveFrom: '2027-03-01' } },
    });
    expect(loadRequirements(db)).toEqual({
      byRole: { 'press-operator': { lessons: ['ppe-check'], skills: ['loto'], recertDays: null, effectiveFrom: null } },
      byStation: { 'press-line-4': { lessons: ['press-pinch-points', 'lockout-basics', 'guarding'], skills: [], recertDays: 90, effectiveFrom: '2027-03-01' } },
    });
    replaceRequirements(db, { byRole: {}, byStation: { 'assembly-2': { lessons: [], skills: ['hygiene'] } } });
    expect(loadRequirements(db)).toEqual({ byRole: {}, byStation: { 'assembly-2': { lessons: [], skills: ['hygiene'], recertDays: null, effectiveFrom: null } } });
  });

  it('refuses a row that names both a lesson and a skill', () => {
    const { db } = open();
    expect(() => db.prepare("INSERT INTO role_requirements (role, lesson_id, skill) VALUES ('r', 'l', 's')").run()).toThrow(/CHECK/);
  });
});

describe('FSRS item states in SQLite', () => {
  it('a wrong first answer is due again the next day, even when a retry was right; states survive a reopen', () => {
    const { db, dataDir } = open();
    recordItemAnswers(db, 'w1', [
      { itemId: 'i1', lessonId: 'l1', correct: false },
      { itemId: 'i1', lessonId: 'l1', correct: true },
      { itemId: 'i2', lessonId: 'l1', correct: true },
    ], t0);
    store.close();
    store = openStore(dataDir);
    const [i1, i2] = loadItemStates(store.db, 'w1');
    expect(i1).toMatchObject({ itemId: 'i1', lessonId: 'l1', lastAnswerCorrect: false, reps: 1 });
    expect(Date.parse(i1!.due) - t0.getTime()).toBe(DAY);
    expect(i2).toMatchObject({ itemId: 'i2', lastAnswerCorrect: true });
    expect(Date.parse(i2!.due) - t0.getTime()).toBeGreaterThan(2 * DAY);
    expect(store.db.prepare("SELECT due_at FROM item_states WHERE item_id = 'i1'").pluck().get()).toBe(i1!.due);
  });

  it('a later answer builds on the stored state: right after wrong spaces the item out', () => {
    const { db } = open();
    recordItemAnswers(db, 'w1', [{ itemId: 'i1', lessonId: 'l1', correct: false }], t0);
    const later = new Date(t0.getTime() + DAY);
    recordItemAnswers(db, 'w1', [{ itemId: 'i1', lessonId: 'l1', correct: true }], later);
    const [state] = loadItemStates(db, 'w1');
    expect(state).toMatchObject({ reps: 2, lapses: 0, lastAnswerCorrect: true, lastReviewedAt: later.toISOString() });
    expect(Date.parse(state!.due) - later.getTime()).toBeGreaterThanOrEqual(2 * DAY);
  });

  it('a completion that cannot be written leaves the schedule untouched (one transaction)', () => {
    const { db } = open();
    const first = completion('l1', t0, false);
    recordLessonCompletion(db, first);
    const before = loadItemStates(db, 'w1');
    expect(() => recordLessonCompletion(db, { ...first, answers: [{ ...first.answers[0]!, correct: true }], completedAt: new Date(t0.getTime() + DAY) })).toThrow(/UNIQUE/);
    expect(loadItemStates(db, 'w1')).toEqual(before);
  });
});

describe('history and catalog for the engine', () => {
  it('loads completions oldest first with passed as a boolean, without review sessions', () => {
    const { db } = open();
    recordLessonCompletion(db, completion('l2', new Date(t0.getTime() + DAY), true));
    recordLessonCompletion(db, completion('l1', t0, false));
    recordLessonCompletion(db, { ...completion(REVIEW_LESSON_ID, new Date(t0.getTime() + 2 * DAY), true), passed: null });
    expect(loadHistory(db, 'w1')).toEqual([
      { lessonId: 'l1', version: 1, completedAt: t0.toISOString(), score: 0, passed: false },
      { lessonId: 'l2', version: 1, completedAt: new Date(t0.getTime() + DAY).toISOString(), score: 1, passed: true },
    ]);
  });

  it('hands out the same catalog until a lesson changes, with titles per language and item ids', () => {
    const { db } = open();
    upsertLesson(db, lesson('l1'));
    upsertLesson(db, lesson('l1', 1, 'es'));
    const catalog = createCatalogSource(db);
    const first = catalog();
    expect(first).toMatchObject([{ id: 'l1', version: 1, titles: { en: 'l1 en', es: 'l1 es' }, itemIds: ['l1-q1'] }]);
    expect(catalog()).toBe(first);
    upsertLesson(db, lesson('l1', 2));
    expect(catalog()).not.toBe(first);
    expect(catalog()[0]!.version).toBe(2);
  });
});
