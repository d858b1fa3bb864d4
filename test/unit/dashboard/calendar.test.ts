import { describe, expect, it } from 'vitest';
import { groupByWeek, itemsByDay, mondayOf } from '../../../renderer/dashboard/calendar';
import { formatDay } from '../../../renderer/dashboard/status';

const item = (workerName: string, dueAt: string) => ({ workerId: workerName, workerName, lessonId: 'l1', lessonTitle: 'Lockout', dueAt });

describe('recertification calendar grouping', () => {
  it('finds the Monday of a week, across a month and a year boundary', () => {
    expect(mondayOf('2026-11-25')).toBe('2026-11-23'); // Wednesday
    expect(mondayOf('2026-11-23')).toBe('2026-11-23'); // Monday itself
    expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // Sunday belongs to the week before
    expect(mondayOf('2027-01-02')).toBe('2026-12-28');
  });

  it('groups day counts by week in date order, sums them and leaves out empty days', () => {
    const weeks = groupByWeek([
      { date: '2026-12-02', count: 2 },
      { date: '2026-11-26', count: 1 },
      { date: '2026-11-27', count: 0 },
      { date: '2026-11-30', count: 40 },
    ]);
    expect(weeks.map((w) => [w.weekStart, w.days.map((d) => d.date), w.count])).toEqual([
      ['2026-11-23', ['2026-11-26'], 1],
      ['2026-11-30', ['2026-11-30', '2026-12-02'], 42],
    ]);
  });

  it('puts a page of recertifications under the UTC day each falls due, keeping the page order', () => {
    const days = itemsByDay([item('Ana', '2026-11-30T23:30:00.000Z'), item('Bo', '2026-11-30T08:00:00.000Z'), item('Cy', '2026-12-01T00:30:00+02:00'), item('Di', '2026-12-02T09:00:00.000Z')]);
    // Cy's due time is 22:30 UTC on 30 November.
    expect(days.map((d) => [d.date, d.items.map((i) => i.workerName)])).toEqual([
      ['2026-11-30', ['Ana', 'Bo', 'Cy']],
      ['2026-12-02', ['Di']],
    ]);
  });

  it('shows day keys in UTC so a date never shifts a day', () => {
    expect(formatDay('2026-11-23')).toBe('Mon, 23 Nov 2026');
  });
});
