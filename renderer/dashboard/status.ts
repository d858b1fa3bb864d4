import type { CellStatus } from '../../common/contracts/dashboard';
import { STANDING_LABEL_KEYS, STANDING_LEGEND } from '../../common/i18n/standing-words';
import { en } from '../../common/i18n/messages/en';
import type { WorkerStanding } from '../../common/paths/status';

/** A lesson cell's status or a worker's overall standing. */
export type DisplayStatus = CellStatus | WorkerStanding;

const symbols: Record<DisplayStatus, string> = {
  done: '✓',
  'due-soon': '◷',
  overdue: '!',
  failed: '✗',
  'in-progress': '◐',
  'never-started': '○',
  'not-required': '–',
};

/**
 * Every status is told by a symbol and a word as well as a colour, for colour-blind readers. The
 * words are the station board's (the message catalog, in English: the dashboard is English-only).
 */
export const statusDisplay: Record<DisplayStatus, { label: string; symbol: string }> = {
  ...(Object.fromEntries(
    Object.entries(STANDING_LABEL_KEYS).map(([status, key]) => [status, { label: en[key], symbol: symbols[status as WorkerStanding] }]),
  ) as Record<WorkerStanding, { label: string; symbol: string }>),
  'not-required': { label: 'Not required', symbol: symbols['not-required'] },
};

/** The legend's lines, most urgent first, in the station board's words. */
export const statusLegend: readonly { status: DisplayStatus; meaning: string }[] = [
  ...STANDING_LEGEND.map(([status, key]) => ({ status, meaning: en[key] })),
  { status: 'not-required', meaning: 'the lesson is not required of this worker' },
];

export function formatPct(pct: number): string {
  return `${Math.round(pct)}%`;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Dates from the API are UTC; show them in UTC so a day key never shifts across midnight. */
export function formatDay(isoOrDayKey: string): string {
  const date = new Date(isoOrDayKey.length === 10 ? `${isoOrDayKey}T00:00:00Z` : isoOrDayKey);
  return Number.isNaN(date.getTime()) ? isoOrDayKey : dayFormat.format(date);
}
