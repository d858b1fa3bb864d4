import type { RecertCalendarResponse, RecertItem } from '../../common/contracts/dashboard';

/** A day of the window and how many recertifications fall due on it. */
export type CalendarDay = RecertCalendarResponse['days'][number];

export interface CalendarWeek {
  /** The Monday (UTC) starting the week, 'YYYY-MM-DD'. */
  weekStart: string;
  days: CalendarDay[];
  count: number;
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
  const sorted = [...days].filter((d) => d.count > 0).sort((a, b) => a.date.localeCompare(b.date));
  for (const day of sorted) {
    const weekStart = mondayOf(day.date);
    const week = weeks.get(weekStart) ?? { weekStart, days: [], count: 0 };
    week.days.push(day);
    week.count += day.count;
    weeks.set(weekStart, week);
  }
  return [...weeks.values()];
}

/** A page of recertifications (by due date) under the UTC day each falls due on. */
export function itemsByDay(items: readonly RecertItem[]): Array<{ date: string; items: RecertItem[] }> {
  const days = new Map<string, RecertItem[]>();
  for (const item of items) {
    const date = new Date(item.dueAt).toISOString().slice(0, 10);
    const day = days.get(date) ?? days.set(date, []).get(date)!;
    day.push(item);
  }
  return [...days.entries()].map(([date, dayItems]) => ({ date, items: dayItems }));
}
