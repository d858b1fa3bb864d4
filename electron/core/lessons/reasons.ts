export type ReasonCode = 'resume' | 'recertify-due' | 'station' | 'role' | 'new' | 'other' | 'refresher';

interface ReasonParams {
  stationName: string;
  role: string;
  days: number;
}

const REASONS: Record<string, Record<ReasonCode, (p: ReasonParams) => string>> = {
  en: {
    resume: () => 'You started this lesson. Pick up where you left off.',
    'recertify-due': (p) => `Time for a refresher: it must be repeated every ${p.days} days.`,
    station: (p) => `Needed for working at ${p.stationName}.`,
    role: (p) => `For your role: ${p.role}.`,
    new: () => 'New for you.',
    other: () => 'Also available to you.',
    refresher: () => 'A quick refresher of a lesson you have done.',
  },
  es: {
    resume: () => 'Empezaste esta lección. Continúa donde la dejaste.',
    'recertify-due': (p) => `Toca repasar: esta lección se repite cada ${p.days} días.`,
    station: (p) => `Necesaria para trabajar en ${p.stationName}.`,
    role: (p) => `Para tu puesto: ${p.role}.`,
    new: () => 'Nueva para ti.',
    other: () => 'También disponible para ti.',
    refresher: () => 'Un repaso rápido de una lección que ya hiciste.',
  },
};

/** Why a lesson is offered, in the worker's language (English when the language has no translation). */
export function reasonText(code: ReasonCode, language: string, params: ReasonParams): string {
  const base = language.toLowerCase().split('-')[0];
  return (REASONS[base] ?? REASONS.en)[code](params);
}

/** Role ids are slugs ("press-operator"); people read "press operator". */
export function roleLabel(role: string): string {
  return role.replace(/[-_]+/g, ' ');
}
