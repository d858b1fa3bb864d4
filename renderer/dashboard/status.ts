import type { CellStatus } from '../../common/contracts/dashboard';

/** Every status is told by a symbol and a word as well as a colour, for colour-blind readers. */
export const statusDisplay: Record<CellStatus, { label: string; symbol: string }> = {
  done: { label: 'Done', symbol: '✓' },
  'due-soon': { label: 'Due soon', symbol: '◷' },
  overdue: { label: 'Overdue', symbol: '!' },
  'never-started': { label: 'Not started', symbol: '○' },
  'not-required': { label: 'Not required', symbol: '–' },
};

export function formatPct(pct: number): string {
  return `${Math.round(pct)}%`;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Dates from the API are UTC; show them in UTC so a day key never shifts across midnight. */
export function formatDay(isoOrDayKey: string): string {
  const date = new Date(isoOrDayKey.length === 10 ? `${isoOrDayKey}T00:00:00Z` : isoOrDayKey);
  return Number.isNaN(date.getTime()) ? isoOrDayKey : dayFormat.format(date);
}
