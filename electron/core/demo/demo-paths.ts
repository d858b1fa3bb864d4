import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CheckCard, Lesson } from '../../../common/contracts/lesson';
import type { Requirements } from '../../../common/paths';
import { writeCompletion } from '../completions/completion-writer';
import { PASS_THRESHOLD } from '../../../common/grading/lesson-grading';
import { recordLessonCompletion } from '../paths/record-completion';
import { replaceRequirements } from '../paths/requirements-repo';
import { DEMO_SITE } from './demo-roster';

const DAY_MS = 86_400_000;

/** What the demo plant requires, so each demo badge gets a different, explainable push. */
export const DEMO_REQUIREMENTS: Requirements = {
  byStation: {
    'press-line-4': { lessons: ['lockout-basics', 'press-pinch-points'], skills: [] },
    'assembly-2': { lessons: [], skills: ['spill-response'] },
  },
  byRole: {
    'press-operator': { lessons: ['ppe-check'], skills: [] },
    'maintenance-tech': { lessons: ['lockout-basics'], skills: [] },
    'material-handler': { lessons: ['spill-response'], skills: ['ppe'] },
    assembler: { lessons: [], skills: ['hygiene'] },
  },
};

/**
 * Past completions that make the demo tell its stories from the first tap:
 * - Jordan (1004) did lockout basics 360 days ago: its 365-day recertification is due in 5 days.
 * - Sam (1003) missed a question on oil and coolant spills 3 days ago: a review of it is due.
 */
export const DEMO_HISTORY: { workerId: string; lessonId: string; daysAgo: number; wrongItems: string[]; scheduleItems: boolean }[] = [
  // Jordan's item schedule is left out: a year of reviews would crowd the recertification story.
  { workerId: 'demo-jordan-lee', lessonId: 'lockout-basics', daysAgo: 360, wrongItems: [], scheduleItems: false },
  { workerId: 'demo-sam-patel', lessonId: 'spill-response', daysAgo: 3, wrongItems: ['spill-first-step'], scheduleItems: true },
];

function chosenFor(check: CheckCard, wrong: boolean): string[] {
  const options = check.options.filter((o) => o.correct !== wrong);
  return wrong ? [options[0]!.id] : options.map((o) => o.id);
}

/** Writes the demo requirements and history, relative to `now` so the stories stay true on any date. Call inside the seed's transaction. */
export function seedDemoPaths(db: Database.Database, lessons: readonly Lesson[], stationId: string, now: Date): void {
  replaceRequirements(db, DEMO_REQUIREMENTS);
  const leaveOutbox = db.prepare('DELETE FROM outbox WHERE statement_id = ?');
  for (const h of DEMO_HISTORY) {
    const lesson = lessons.find((l) => l.id === h.lessonId && l.language === 'en');
    if (!lesson) throw new Error(`demo history names lesson "${h.lessonId}", which the demo lessons lack: fix DEMO_HISTORY in demo-paths.ts`);
    const checks = lesson.cards.filter((c): c is CheckCard => c.kind === 'check');
    const completedAt = new Date(now.getTime() - h.daysAgo * DAY_MS);
    const answers = checks.map((c) => {
      const wrong = h.wrongItems.includes(c.itemId);
      return { itemId: c.itemId, cardId: c.id, chosen: chosenFor(c, wrong), correct: !wrong, answeredAt: completedAt };
    });
    const score = answers.filter((a) => a.correct).length / answers.length;
    const record = {
      id: crypto.randomUUID(),
      workerId: h.workerId,
      lessonId: lesson.id,
      lessonVersion: lesson.version,
      language: lesson.language,
      score,
      passed: score >= PASS_THRESHOLD,
      durationMs: lesson.durationMinutes * 60_000,
      answers,
      startedAt: new Date(completedAt.getTime() - lesson.durationMinutes * 60_000),
      completedAt,
      siteId: DEMO_SITE.id,
      stationId,
    };
    if (h.scheduleItems) recordLessonCompletion(db, record);
    else writeCompletion(db, record);
    // Made-up history of made-up people: it never happened at this terminal and must never reach a
    // server, so it leaves the outbox in the same transaction it entered it.
    leaveOutbox.run(record.id);
  }
}
