import { translatorFor, type Translate } from '../i18n/catalog';

/**
 * The one-line reasons a worker reads after the badge tap, worded from the message catalog
 * (common/i18n) in the worker's language; names (stations, roles, lessons, skills) come from the caller.
 */

export interface Requirer {
  kind: 'station' | 'role';
  name: string;
}

/** How long ago, in the buckets the 'reason.reviewMissed' message words. */
function whenParams(daysAgo: number): { when: string; days: number; weeks: number } {
  const when = daysAgo <= 0 ? 'today' : daysAgo === 1 ? 'yesterday' : daysAgo < 7 ? 'days' : daysAgo < 14 ? 'lastWeek' : 'weeks';
  return { when, days: daysAgo, weeks: Math.floor(daysAgo / 7) };
}

function reasonsIn(t: Translate) {
  const requirer = (r: Requirer) => t('reason.requirer', { kind: r.kind, name: r.name });
  return {
    requiredFor: (r: Requirer) => t('reason.requiredFor', { requirer: requirer(r) }),
    requiredStep: (r: Requirer, step: number, steps: number) => t('reason.requiredStep', { requirer: requirer(r), step, steps }),
    recertOverdue: (r: Requirer, days: number) => t('reason.recertOverdue', { requirer: requirer(r), days }),
    recertDueSoon: (r: Requirer, days: number) => t('reason.recertDueSoon', { requirer: requirer(r), days }),
    dueBy: (r: Requirer, days: number) => t('reason.dueBy', { requirer: requirer(r), days }),
    overdueSince: (r: Requirer, days: number) => t('reason.overdueSince', { requirer: requirer(r), days }),
    neededBefore: (title: string, r: Requirer) => t('reason.neededBefore', { title, requirer: requirer(r) }),
    reviewMissed: (missed: number, title: string, daysAgo: number) => t('reason.reviewMissed', { missed, title, ...whenParams(daysAgo) }),
    reviewRefresh: (items: number, title: string) => t('reason.reviewRefresh', { items, title }),
    skillGap: (skill: string, r: Requirer) => t('reason.skillGap', { skill, requirer: requirer(r) }),
    optional: (r: Requirer | null) => (r === null ? t('reason.optional') : t('reason.optionalFor', { requirer: requirer(r) })),
    practice: (items: number) => t('reason.practice', { items }),
  };
}

export type Reasons = ReturnType<typeof reasonsIn>;

/** 'es-MX' words reasons in Spanish; a language without a catalog falls back to English. */
export function reasonsFor(language: string): Reasons {
  return reasonsIn(translatorFor(language));
}

function baseLanguage(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? language;
}

/** Worker's language, then its base language, then English, then the first title, then the id. */
export function pickTitle(titles: Readonly<Record<string, string>>, language: string, fallback: string): string {
  const first = Object.keys(titles).sort()[0];
  return titles[language] ?? titles[baseLanguage(language)] ?? titles.en ?? (first === undefined ? undefined : titles[first]) ?? fallback;
}
