import type { RecertCalendarResponse } from '../../common/contracts/dashboard';

export type CalendarDay = RecertCalendarResponse['days'][number];

export interface CalendarWeek {
  /** The Monday (UTC) starting the week, 'YYYY-MM-DD'. */
  weekStart: string;
  days: CalendarDay[];
  itemCount: number;
}

export function mondayOf(dayKey: string): string {
  const date = new Date(`${dayKey}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - sinceMonday);
  return date.toISOString().slice(0, 10);
}

/** Groups the days that have recertifications into weeks, oldest first; empty days are left out. */
export function groupByWeek(days: readonly CalendarDay[]): CalendarWeek[] {
  const weeks = new Map<string, CalendarWeek>();
  const sorted = [...days].filter((d) => d.items.length > 0).sort((a, b) => a.date.localeCompare(b.date));
  for (const day of sorted) {
    const weekStart = mondayOf(day.date);
    const week = weeks.get(weekStart) ?? { weekStart, days: [], itemCount: 0 };
    week.days.push(day);
    week.itemCount += day.items.length;
    weeks.set(weekStart, week);
  }
  return [...weeks.values()];
}
