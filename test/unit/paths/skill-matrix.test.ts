import { describe, expect, it } from 'vitest';
import { catalogFromLessons, catalogProblems, lessonStanding, skillMatrix, stationSummary, workerStanding } from '../../../common/paths';
import type { Lesson } from '../../../common/contracts/lesson';
import { daysAgo, daysLater, failed, lesson, NOW, passed, worker } from './fixtures';

const catalog = [
  lesson('ppe'),
  lesson('press-safety', { prerequisites: ['ppe'], recertifyAfterDays: 365 }),
  lesson('forklift', { recertifyAfterDays: 30 }),
];
const requirements = {
  byRole: { driver: { lessons: ['forklift'], skills: [] } },
  byStation: { 'press-4': { lessons: ['press-safety', 'ppe', 'not-published'], skills: [] } },
};
const workers = [
  worker({ id: 'w2', roles: ['driver'], stations: ['press-4'], hiredAt: daysAgo(3).toISOString() }),
  worker({ id: 'w1', roles: [], stations: ['press-4'] }),
  worker({ id: 'w3', roles: ['driver'], stations: [] }),
];
const historyByWorker = {
  w1: [passed('ppe', daysAgo(400)), passed('press-safety', daysAgo(370)), failed('press-safety', daysAgo(1))],
  w2: [passed('ppe', daysAgo(2)), passed('forklift', daysAgo(25))],
  w3: [passed('forklift', daysAgo(10))],
};

describe('skill matrix', () => {
  const matrix = skillMatrix({ workers, catalog, requirements, historyByWorker, now: NOW });

  it('lists each worker required lessons in curriculum order with status, completion and due date', () => {
    expect(matrix.map((r) => r.workerId)).toEqual(['w1', 'w2', 'w3']);
    expect(matrix[0]!.lessons).toEqual([
      { lessonId: 'ppe', status: 'done', standing: 'done', completedAt: daysAgo(400).toISOString(), dueAt: null, changesAt: null, requiredBy: { stations: ['press-4'], roles: [] } },
      { lessonId: 'press-safety', status: 'overdue', standing: 'overdue', completedAt: daysAgo(370).toISOString(), dueAt: daysAgo(5).toISOString(), changesAt: null, requiredBy: { stations: ['press-4'], roles: [] } },
    ]);
    expect(matrix[1]!.lessons.map((c) => [c.lessonId, c.status, c.dueAt])).toEqual([
      ['forklift', 'due-soon', daysLater(5).toISOString()],
      ['ppe', 'done', null],
      ['press-safety', 'never-started', daysLater(11).toISOString()],
    ]);
    expect(matrix[2]!.lessons.map((c) => c.status)).toEqual(['done']);
  });

  it('summarises a station over the workers assigned to it', () => {
    expect(stationSummary(matrix, 'press-4')).toEqual({
      station: 'press-4',
      workers: 2,
      counts: { done: 2, 'due-soon': 0, overdue: 1, 'never-started': 1 },
      standings: { done: 2, 'due-soon': 0, overdue: 1, failed: 0, 'never-started': 1 },
      total: 4,
      completionPercent: 50,
    });
    expect(stationSummary(matrix, 'empty-station')).toMatchObject({ workers: 0, total: 0, completionPercent: 100 });
  });
});

describe('standings (station board and reports)', () => {
  it('a lesson sat but never passed is failed, not never-started; a passed one keeps its status', () => {
    const attempt = { lastPassedAt: null, lastAttemptAt: 1, attempts: 1 };
    expect(lessonStanding('never-started', undefined)).toBe('never-started');
    expect(lessonStanding('never-started', attempt)).toBe('failed');
    expect(lessonStanding('done', { ...attempt, lastPassedAt: 1 })).toBe('done');
    expect(lessonStanding('overdue', { ...attempt, lastPassedAt: 1 })).toBe('overdue');
  });

  it('one status per worker, most urgent first; some held and some not started is in progress', () => {
    expect(workerStanding(['done', 'done'])).toBe('done');
    expect(workerStanding([])).toBe('done');
    expect(workerStanding(['done', 'never-started'])).toBe('in-progress');
    expect(workerStanding(['never-started', 'never-started'])).toBe('never-started');
    expect(workerStanding(['due-soon', 'never-started', 'done'])).toBe('due-soon');
    expect(workerStanding(['failed', 'due-soon', 'done'])).toBe('failed');
    expect(workerStanding(['failed', 'overdue'])).toBe('overdue');
  });

  it('the matrix cells carry the standing, so a failed attempt shows as failed', () => {
    const rows = skillMatrix({
      workers: [{ id: 'w9', roles: [], stations: ['press-4'], language: 'en' }],
      catalog,
      requirements,
      historyByWorker: { w9: [failed('ppe', daysAgo(1))] },
      now: NOW,
    });
    expect(rows[0]!.lessons.find((c) => c.lessonId === 'ppe')).toMatchObject({ status: 'never-started', standing: 'failed' });
  });
});

describe('catalog', () => {
  const variant = (language: string, version: number, title: string): Lesson => ({
    id: 'press-safety', version, language, title, summary: '', durationMinutes: 4, skills: ['press'], roles: [], stations: ['press-4'],
    prerequisites: [], recertifyAfterDays: 365, tags: [],
    cards: [{ kind: 'check', id: 'c1', itemId: 'q-guard', mode: 'single', question: '?', options: [{ id: 'a', text: 'a', correct: true }, { id: 'b', text: 'b', correct: false }] }],
  });

  it('collapses language variants into one entry with titles of the current version', () => {
    expect(catalogFromLessons([variant('es', 2, 'Seguridad'), variant('en', 1, 'Old'), variant('en', 2, 'Press safety')])).toEqual([
      {
        id: 'press-safety', version: 2, titles: { en: 'Press safety', es: 'Seguridad' }, durationMinutes: 4, skills: ['press'], roles: [],
        stations: ['press-4'], prerequisites: [], recertifyAfterDays: 365, itemIds: ['q-guard'],
      },
    ]);
  });

  it('names unknown prerequisites and cycles with the fix', () => {
    const problems = catalogProblems([lesson('a', { prerequisites: ['b'] }), lesson('b', { prerequisites: ['a'] }), lesson('c', { prerequisites: ['gone'] })]);
    expect(problems).toEqual([
      'lesson "c" requires unknown lesson "gone": publish "gone" or remove it from prerequisites',
      'prerequisite cycle a -> b -> a: no worker can ever start these lessons; remove one of the prerequisites',
    ]);
  });
});
