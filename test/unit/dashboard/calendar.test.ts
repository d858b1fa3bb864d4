import { describe, expect, it } from 'vitest';
import { groupByWeek, mondayOf } from '../../../renderer/dashboard/calendar';
import { formatDay } from '../../../renderer/dashboard/status';

const item = (workerName: string) => ({ workerId: workerName, workerName, lessonId: 'l1', lessonTitle: 'Lockout', dueAt: '2026-12-01T00:00:00Z' });

describe('recertification calendar grouping', () => {
  it('finds the Monday of a week, across a month and a year boundary', () => {
    expect(mondayOf('2026-11-25')).toBe('2026-11-23'); // Wednesday
    expect(mondayOf('2026-11-23')).toBe('2026-11-23'); // Monday itself
    expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // Sunday belongs to the week before
    expect(mondayOf('2027-01-02')).toBe('2026-12-28');
  });

  it('groups days by week in date order, counts items and leaves out empty days', () => {
    const weeks = groupByWeek([
      { date: '2026-12-02', items: [item('Ana'), item('Bo')] },
      { date: '2026-11-26', items: [item('Cy')] },
      { date: '2026-11-27', items: [] },
      { date: '2026-11-30', items: [item('Di')] },
    ]);
    expect(weeks.map((w) => [w.weekStart, w.days.map((d) => d.date), w.itemCount])).toEqual([
      ['2026-11-23', ['2026-11-26'], 1],
      ['2026-11-30', ['2026-11-30', '2026-12-02'], 3],
    ]);
  });

  it('shows day keys in UTC so a date never shifts a day', () => {
    expect(formatDay('2026-11-23')).toBe('Mon, 23 Nov 2026');
  });
});
