/**
 * Shared wording helpers for the supervisor and site-IT screens. The text itself lives in the
 * message catalog (common/i18n), so a Spanish-speaking supervisor gets the screens in Spanish.
 */
import type { BoardStatus, PinResult } from '../../../common/contracts/staff';
import type { Translate } from '../../../common/i18n/catalog';
import { STANDING_LABEL_KEYS } from '../../../common/i18n/standing-words';

export function statusLabel(t: Translate, status: BoardStatus): string {
  return t(STANDING_LABEL_KEYS[status]);
}

/** yyyy-mm-dd: unambiguous on a shared terminal whatever its locale. */
export function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}

export function time(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

export function lockedMessage(t: Translate, until: string): string {
  return t('pinLocked', { until: time(until) });
}

/** What the PIN pad says after a check; null when the PIN was right. */
export function pinResultMessage(t: Translate, result: PinResult): string | null {
  if (result.outcome === 'wrong') return t('pinWrong', { n: result.attemptsLeft });
  if (result.outcome === 'locked') return lockedMessage(t, result.until);
  return null;
}

export function describeError(error: unknown): string {
  return error && typeof error === 'object' && 'message' in error && typeof error.message === 'string' ? error.message : String(error);
}
