/**
 * The one-line reasons a worker reads after the badge tap. English is the fallback for any
 * language without its own table; names (stations, roles, lessons, skills) come from the caller.
 */

export interface Requirer {
  kind: 'station' | 'role';
  name: string;
}

interface Messages {
  requiredFor(r: Requirer): string;
  recertOverdue(r: Requirer, days: number): string;
  recertDueSoon(r: Requirer, days: number): string;
  step(step: number, steps: number): string;
  neededBefore(title: string, r: Requirer): string;
  reviewMissed(count: number, title: string, daysAgo: number): string;
  reviewRefresh(count: number, title: string): string;
  skillGap(skill: string, r: Requirer): string;
  optional(r: Requirer | null): string;
  practice(count: number): string;
  caughtUp(): string;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const en: Messages = {
  requiredFor: (r) => (r.kind === 'station' ? `Required for ${r.name}` : `Required for your role (${r.name})`),
  recertOverdue: (r, days) =>
    `${en.requiredFor(r)} - recertification ${days === 0 ? 'expired today' : `overdue by ${plural(days, 'day', 'days')}`}`,
  recertDueSoon: (r, days) => `${en.requiredFor(r)} - recertification due ${days <= 1 ? 'tomorrow' : `in ${days} days`}`,
  step: (step, steps) => ` - step ${step} of ${steps}`,
  neededBefore: (title, r) => `Needed before "${title}" - ${lowerFirst(en.requiredFor(r))}`,
  reviewMissed: (count, title, daysAgo) => `Review: you missed ${plural(count, 'question', 'questions')} on ${title} ${enWhen(daysAgo)}`,
  reviewRefresh: (count, title) => `Review: ${plural(count, 'question', 'questions')} on ${title} to keep fresh`,
  skillGap: (skill, r) => `Builds a skill needed for ${r.kind === 'station' ? r.name : `your role (${r.name})`}: ${skill}`,
  optional: (r) => (r === null ? 'Optional: more on your work' : `Optional: more for ${r.kind === 'station' ? r.name : `your role (${r.name})`}`),
  practice: (count) => `Nothing due today - a quick review of ${plural(count, 'question', 'questions')} keeps it fresh`,
  caughtUp: () => "You're all caught up",
};

function enWhen(daysAgo: number): string {
  if (daysAgo <= 0) return 'today';
  if (daysAgo === 1) return 'yesterday';
  if (daysAgo < 7) return `${daysAgo} days ago`;
  if (daysAgo < 14) return 'last week';
  return `${Math.floor(daysAgo / 7)} weeks ago`;
}

const es: Messages = {
  requiredFor: (r) => (r.kind === 'station' ? `Obligatorio para ${r.name}` : `Obligatorio para tu puesto (${r.name})`),
  recertOverdue: (r, days) =>
    `${es.requiredFor(r)} - recertificación ${days === 0 ? 'vencida hoy' : `vencida hace ${plural(days, 'día', 'días')}`}`,
  recertDueSoon: (r, days) => `${es.requiredFor(r)} - recertificación ${days <= 1 ? 'mañana' : `en ${days} días`}`,
  step: (step, steps) => ` - paso ${step} de ${steps}`,
  neededBefore: (title, r) => `Necesario antes de "${title}" - ${lowerFirst(es.requiredFor(r))}`,
  reviewMissed: (count, title, daysAgo) => `Repaso: fallaste ${plural(count, 'pregunta', 'preguntas')} sobre ${title} ${esWhen(daysAgo)}`,
  reviewRefresh: (count, title) => `Repaso: ${plural(count, 'pregunta', 'preguntas')} sobre ${title} para no olvidar`,
  skillGap: (skill, r) => `Desarrolla una habilidad necesaria para ${r.kind === 'station' ? r.name : `tu puesto (${r.name})`}: ${skill}`,
  optional: (r) => (r === null ? 'Opcional: más sobre tu trabajo' : `Opcional: más para ${r.kind === 'station' ? r.name : `tu puesto (${r.name})`}`),
  practice: (count) => `Nada pendiente hoy - un repaso rápido de ${plural(count, 'pregunta', 'preguntas')} lo mantiene fresco`,
  caughtUp: () => 'Estás al día',
};

function esWhen(daysAgo: number): string {
  if (daysAgo <= 0) return 'hoy';
  if (daysAgo === 1) return 'ayer';
  if (daysAgo < 7) return `hace ${daysAgo} días`;
  if (daysAgo < 14) return 'la semana pasada';
  return `hace ${Math.floor(daysAgo / 7)} semanas`;
}

const tables: Record<string, Messages> = { en, es };

/** 'es-MX' uses the Spanish table; a language without a table falls back to English. */
export function messagesFor(language: string): Messages {
  return tables[baseLanguage(language)] ?? en;
}

export function baseLanguage(language: string): string {
  return language.toLowerCase().split(/[-_]/)[0] ?? language;
}

/** Worker's language, then its base language, then English, then the first title, then the id. */
export function pickTitle(titles: Readonly<Record<string, string>>, language: string, fallback: string): string {
  const first = Object.keys(titles).sort()[0];
  return titles[language] ?? titles[baseLanguage(language)] ?? titles.en ?? (first === undefined ? undefined : titles[first]) ?? fallback;
}

export function caughtUpMessage(language: string): string {
  return messagesFor(language).caughtUp();
}
