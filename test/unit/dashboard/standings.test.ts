import { describe, expect, it } from 'vitest';
import type { CatalogLesson, Completion } from '../../../common/paths';
import type { DashboardData } from '../../../server/dashboard/data';
import { computeMatrices, overdueList, overview, skillMatrixView } from '../../../server/dashboard/views';

/**
 * The dashboard's six states, each decided by the learning-paths engine: one worker per state at a
 * station that requires two lessons (lockout recertified yearly, forklift once).
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

const data: DashboardData = {
  sites: [
    {
      site: { id: 'site', name: 'Site' },
      stations: [
        { id: 'press', name: 'Press' },
        { id: 'empty', name: 'Empty station' },
      ],
      workers: Object.keys(history).map((id) => ({ employeeId: id, name: `Worker ${id}`, siteId: 'site', language: 'en', roles: [], stations: ['press'] })),
      catalog: [lesson('lockout', 'Lockout', 365), lesson('forklift', 'Forklift', null)],
      requirements: { byRole: {}, byStation: { press: { lessons: ['lockout', 'forklift'], skills: [] } } },
    },
  ],
  historyByWorker: history,
};

const matrices = computeMatrices(data, NOW);

describe('dashboard states from the learning-paths engine', () => {
  const matrix = skillMatrixView(matrices);
  const row = (id: string) => matrix.workers.find((w) => w.id === id)!;
  const cells = (id: string) => ({ lockout: row(id).cells.lockout.status, forklift: row(id).cells.forklift.status });

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
    expect(row('SOON').cells.lockout).toEqual({ status: 'due-soon', completedAt: ago(360), dueAt: new Date(Date.parse(ago(360)) + 365 * DAY).toISOString() });
  });

  it('overdue: a recertification that has expired', () => {
    expect(row('LATE').standing).toBe('overdue');
    expect(cells('LATE')).toEqual({ lockout: 'overdue', forklift: 'done' });
  });

  it('not started: nothing required has been taken', () => {
    expect(row('NEW').standing).toBe('never-started');
    expect(cells('NEW')).toEqual({ lockout: 'never-started', forklift: 'never-started' });
  });

  it('the overdue list holds the failed retake between overdue and due soon', () => {
    expect(overdueList(matrices).rows.map((r) => [r.employeeId, r.lessonId, r.status])).toEqual([
      ['LATE', 'lockout', 'overdue'],
      ['FAIL', 'lockout', 'failed'],
      ['SOON', 'lockout', 'due-soon'],
      ['NEW', 'forklift', 'never-started'],
      ['NEW', 'lockout', 'never-started'],
      ['PART', 'lockout', 'never-started'],
    ]);
  });

  it('the overview counts failed apart from not started, and a station requiring nothing has no completion figure', () => {
    const site = overview(matrices).sites[0];
    // 12 cells: 6 done (both of DONE, forklift of PART, FAIL, SOON, LATE) and 1 due soon are held.
    expect(site).toMatchObject({ workers: 6, required: 12, overdue: 1, failed: 1, dueSoon: 1, neverStarted: 3 });
    expect(site.completionPct).toBe(Math.round((7 / 12) * 1000) / 10);
    expect(site.stations.find((s) => s.id === 'empty')).toMatchObject({ workers: 0, required: 0, completionPct: null });
  });
});
