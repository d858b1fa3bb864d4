import { createHash } from 'node:crypto';

const DAY_MS = 86_400_000;

/** One trusted completion of a lesson by the worker (statements counted for them, see statements/speakers.ts). */
export interface TrustedCompletion {
  statementId: string;
  lessonId: string;
  version: number;
  /** ISO 8601. */
  completedAt: string;
  /** null for a lesson without a pass mark (completing it counts). */
  passed: boolean | null;
}

/** The completion of one required lesson a credential rests on. */
export interface BasisLesson {
  /** The statement of that completion: issuance locks it, so a void cannot slip in before the credential is stored. */
  statementId: string;
  lessonId: string;
  version: number;
  passedAt: string;
}

export interface Satisfaction {
  /** When the last required lesson was passed: the credential is valid from then. */
  validFrom: string;
  /** The oldest completion plus the validity: the recertification date. null never expires. */
  validUntil: string | null;
  lessons: BasisLesson[];
  /** Same completions, same validity: the same credential. */
  basis: string;
}

/**
 * Whether a worker's completions satisfy a certification at `now`: every required lesson passed
 * (its latest passing completion, up to now), and the result not already expired. A certification
 * without lessons certifies nothing. Pure: the clock is an argument.
 */
export function evaluateCertification(requiredLessons: readonly string[], validityDays: number | null, completions: readonly TrustedCompletion[], now: Date): Satisfaction | null {
  if (requiredLessons.length === 0) return null;
  const nowIso = now.toISOString();
  const latest = new Map<string, BasisLesson>();
  for (const c of completions) {
    if (c.passed === false) continue;
    const at = new Date(c.completedAt).toISOString();
    if (at > nowIso) continue;
    const before = latest.get(c.lessonId);
    if (!before || at > before.passedAt) latest.set(c.lessonId, { statementId: c.statementId, lessonId: c.lessonId, version: c.version, passedAt: at });
  }
  const lessons: BasisLesson[] = [];
  for (const id of [...requiredLessons].sort()) {
    const l = latest.get(id);
    if (!l) return null;
    lessons.push(l);
  }
  const times = lessons.map((l) => l.passedAt).sort();
  const validFrom = times[times.length - 1];
  const validUntil = validityDays === null ? null : new Date(Date.parse(times[0]) + validityDays * DAY_MS).toISOString();
  if (validUntil !== null && validUntil <= nowIso) return null;
  const basis = createHash('sha256')
    .update(JSON.stringify({ lessons: lessons.map((l) => [l.lessonId, l.version, l.passedAt]), validityDays }))
    .digest('hex');
  return { validFrom, validUntil, lessons, basis };
}
