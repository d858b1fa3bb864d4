import { describe, expect, it } from 'vitest';
import type { CatalogLesson, Completion } from '../../../common/paths';
import { indexHistory } from '../../../common/paths/status';
import { summariseWorkers } from '../../../server/summaries/refresh';

/**
 * The dashboard's six states, each decided by the learning-paths engine when the server summarises
 * a worker: one worker per state at a station that requires two lessons (lockout recertified
 * yearly, forklift once).
 */

const NOW = new Date('2026-12-01T12:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

const lesson = (id: string, title: string, recertifyAfterDays: number | null): CatalogLesson => ({
  id,
  version: 1,
  titles: { en: title },
  durationMinutes: 2,
  skills: [],
  roles: [],
  stations: [],
  prerequisites: [],
  recertifyAfterDays,
  itemIds: [],
});

const pass = (lessonId: string, daysAgo: number): Completion => ({ lessonId, version: 1, completedAt: ago(daysAgo), score: 1, passed: true });
const fail = (lessonId: string, daysAgo: number): Completion => ({ lessonId, version: 1, completedAt: ago(daysAgo), score: 0, passed: false });

const history: Record<string, Completion[]> = {
  DONE: [pass('lockout', 30), pass('forklift', 30)],
  PART: [pass('forklift', 3)],
  FAIL: [fail('lockout', 1), pass('forklift', 2)],
  SOON: [pass('lockout', 360), pass('forklift', 360)],
  LATE: [pass('lockout', 400), pass('forklift', 400)],
  NEW: [],
};

const catalog = [lesson('lockout', 'Lockout', 365), lesson('forklift', 'Forklift', null)];
const summary = summariseWorkers(
  { siteId: 'site', catalog, requirements: { byRole: {}, byStation: { press: { lessons: ['lockout', 'forklift'], skills: [] } } }, titles: new Map([['lockout', 'Lockout'], ['forklift', 'Forklift']]) },
  Object.keys(history).map((id) => ({ employeeId: id, siteId: 'site', name: `Worker ${id}`, roles: [], stations: ['press'] })),
  Object.fromEntries(Object.entries(history).map(([id, h]) => [id, indexHistory(h)])),
  NOW,
);

describe('dashboard states from the learning-paths engine', () => {
  const row = (id: string) => summary.workers.find((w) => w.employeeId === id)!;
  const cell = (id: string, lessonId: string) => summary.requirements.find((r) => r.employeeId === id && r.lessonId === lessonId)!;
  const cells = (id: string) => ({ lockout: cell(id, 'lockout').standing, forklift: cell(id, 'forklift').standing });

  it('done: every required lesson passed and current', () => {
    expect(row('DONE').standing).toBe('done');
    expect(cells('DONE')).toEqual({ lockout: 'done', forklift: 'done' });
  });

  it('in progress: one lesson passed, the other not started', () => {
    expect(row('PART').standing).toBe('in-progress');
    expect(cells('PART')).toEqual({ lockout: 'never-started', forklift: 'done' });
  });

  it('failed - retake: a lesson sat and not passed is failed, not "not started" and not done', () => {
    expect(row('FAIL').standing).toBe('failed');
    expect(cells('FAIL')).toEqual({ lockout: 'failed', forklift: 'done' });
  });

  it('due soon: a recertification expiring within the due-soon window', () => {
    expect(row('SOON').standing).toBe('due-soon');
    const due = new Date(Date.parse(ago(360)) + 365 * DAY).toISOString();
    expect(cell('SOON', 'lockout')).toMatchObject({ standing: 'due-soon', completedAt: ago(360), dueAt: due, lessonTitle: 'Lockout', requiredByStations: ['press'] });
    // It turns overdue by the clock alone at the due date: the summary says when to ask the engine again.
    expect(row('SOON').validUntil).toBe(due);
  });

  it('overdue: a recertification that has expired', () => {
    expect(row('LATE').standing).toBe('overdue');
    expect(cells('LATE')).toEqual({ lockout: 'overdue', forklift: 'done' });
    expect(row('LATE').validUntil).toBeNull();
  });

  it('not started: nothing required has been taken', () => {
    expect(row('NEW').standing).toBe('never-started');
    expect(cells('NEW')).toEqual({ lockout: 'never-started', forklift: 'never-started' });
  });

  it('a done recertification is next looked at when it falls due soon (14 days before expiry)', () => {
    expect(row('DONE').validUntil).toBe(new Date(Date.parse(ago(30)) + (365 - 14) * DAY).toISOString());
  });
});
