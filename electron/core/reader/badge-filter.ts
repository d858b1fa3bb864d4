import type { KioskConfig } from '../../../kiosk-config/schema';

export type BadgeRules = KioskConfig['badge'];

/** The last accepted read, kept by the caller between reads so this stays a pure function. */
export interface LastBadgeRead {
  badgeId: string;
  atMs: number;
}

export type BadgeRejectReason = 'empty' | 'binary' | 'too-long' | 'too-short' | 'pattern';

export type BadgeFilterResult =
  | { kind: 'ok'; badgeId: string; last: LastBadgeRead }
  | { kind: 'rejected'; reason: BadgeRejectReason; detail: string }
  | { kind: 'debounced'; badgeId: string };

// C0/C1 controls, DEL, lone surrogates, private use and replacement/non-characters: none of these is
// ever part of a badge id; seeing one means noise on the line, a mis-set reader or binary data.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NON_PRINTABLE = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ue000-\uf8ff\ufff0-\uffff]/;

/**
 * Decides whether one raw reader burst is a badge tap. Order matters: binary and oversized input is
 * rejected before any stripping so that the reason logged says what actually arrived.
 */
export function filterBadge(raw: string, rules: BadgeRules, nowMs: number, last: LastBadgeRead | null): BadgeFilterResult {
  // Readers end bursts with CR/LF (or the wedge capture leaves one); only those are trimmed, never mid-burst controls.
  const line = raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
  if (NON_PRINTABLE.test(line)) {
    return { kind: 'rejected', reason: 'binary', detail: `burst of ${raw.length} characters contains control or binary characters` };
  }
  const slack = rules.stripPrefix.length + rules.stripSuffix.length + 8;
  if (line.length > rules.maxLength + slack) {
    return { kind: 'rejected', reason: 'too-long', detail: `burst of ${line.length} characters exceeds the ${rules.maxLength}-character limit` };
  }

  let id = line.trim();
  if (rules.stripPrefix && id.startsWith(rules.stripPrefix)) id = id.slice(rules.stripPrefix.length);
  if (rules.stripSuffix && id.endsWith(rules.stripSuffix)) id = id.slice(0, id.length - rules.stripSuffix.length);
  id = id.trim();

  if (id.length === 0) return { kind: 'rejected', reason: 'empty', detail: 'nothing left after stripping prefix and suffix' };
  if (id.length > rules.maxLength) {
    return { kind: 'rejected', reason: 'too-long', detail: `badge id of ${id.length} characters is longer than ${rules.maxLength}` };
  }
  if (id.length < rules.minLength) {
    return { kind: 'rejected', reason: 'too-short', detail: `badge id of ${id.length} characters is shorter than ${rules.minLength}` };
  }
  if (!new RegExp(`^(?:${rules.pattern})$`).test(id)) {
    return { kind: 'rejected', reason: 'pattern', detail: `badge id does not match the configured pattern ${rules.pattern}` };
  }

  if (last && last.badgeId === id && nowMs - last.atMs >= 0 && nowMs - last.atMs < rules.debounceMs) {
    return { kind: 'debounced', badgeId: id };
  }
  return { kind: 'ok', badgeId: id, last: { badgeId: id, atMs: nowMs } };
}
