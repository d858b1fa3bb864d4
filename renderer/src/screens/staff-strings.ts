/**
 * Text of the supervisor and site-IT screens. These are staff screens (supervisors, site IT), shown
 * in English for now; worker-facing text lives in i18n/strings.ts.
 */
import type { BoardStatus } from '../../../common/contracts/staff';

export const statusLabel: Record<BoardStatus, string> = {
  done: 'Done',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  'never-started': 'Not started',
};

/** yyyy-mm-dd: unambiguous on a shared terminal whatever its locale. */
export function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}

export function time(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

export function describeError(error: unknown): string {
  return error && typeof error === 'object' && 'message' in error && typeof error.message === 'string' ? error.message : String(error);
}
