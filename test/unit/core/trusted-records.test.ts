import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerRecord, KioskCoreHandle } from '../../../common/contracts/kiosk-api';
import type { CheckCard, Lesson } from '../../../common/contracts/lesson';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const config = kioskConfigSchema.parse(demoConfigInput);
type CompleteLesson = Parameters<KioskCoreHandle['completeLesson']>[0];

function checksOf(lesson: Lesson): CheckCard[] {
  return lesson.cards.filter((c): c is CheckCard => c.kind === 'check');
}

function answer(check: CheckCard, right: boolean): AnswerRecord {
  const chosen = check.options.filter((o) => o.correct === right).map((o) => o.id);
  return { itemId: check.itemId, cardId: check.id, chosen: right ? chosen : [chosen[0]!], correct: right };
}

function storedCompletion(dataDir: string, id: string) {
  const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
  try {
    return db.prepare('SELECT score, passed FROM completions WHERE id = ?').get(id);
  } finally {
    db.close();
  }
}

describe('issue 10: records the core can vouch for', () => {
  let core: KioskCoreHandle;
  let dataDir: string;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-25T08:00:00Z'));
    dataDir = tempDir();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
  });
  afterEach(async () => {
    await core.close();
    vi.useRealTimers();
  });

  it('repro 2: all-wrong answers sent with score 1 are recorded as 0, not passed (the core scores, the renderer cannot)', async () => {
    await core.tapBadge('1001');
    const { lesson, completionId } = await core.startLesson('press-pinch-points');
    const wrong = checksOf(lesson).map((c) => answer(c, false));
    expect(wrong.length).toBeGreaterThan(0);
    const forged = { completionId, lessonId: lesson.id, score: 1, answers: wrong } as CompleteLesson;
    const receipt = await core.completeLesson(forged);
    expect(receipt).toMatchObject({ score: 0, passed: false });
    expect(storedCompletion(dataDir, receipt.completionId)).toEqual({ score: 0, passed: 0 });
  });

  it('only the first answer to each check counts, whatever the renderer sends at Done', async () => {
    await core.tapBadge('1001');
    const { lesson, completionId } = await core.startLesson('press-pinch-points');
    const checks = checksOf(lesson);
    // Wrong first, then right after seeing the feedback: learnt now, not known.
    for (const c of checks) await core.recordAnswer({ lessonId: lesson.id, answer: answer(c, false) });
    for (const c of checks) await core.recordAnswer({ lessonId: lesson.id, answer: answer(c, true) });
    const receipt = await core.completeLesson({ completionId, lessonId: lesson.id, answers: checks.map((c) => answer(c, true)) });
    expect(receipt).toMatchObject({ score: 0, passed: false });
  });

  it('all checks right the first time passes with score 1', async () => {
    await core.tapBadge('1001');
    const { lesson, completionId } = await core.startLesson('press-pinch-points');
    const right = checksOf(lesson).map((c) => answer(c, true));
    const receipt = await core.completeLesson({ completionId, lessonId: lesson.id, answers: right });
    expect(receipt).toMatchObject({ score: 1, passed: true });
  });

  function completionsOf(lessonId: string): number {
    const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    try {
      return db.prepare("SELECT count(*) FROM completions WHERE worker_id = 'demo-alex-morgan' AND lesson_id = ?").pluck().get(lessonId) as number;
    } finally {
      db.close();
    }
  }

  async function restart(): Promise<void> {
    await core.close();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
  }

  it('repro 7: Done recorded, then a crash before the screen saw it: after the restart the attempt is still there and a retried Done returns the stored receipt', async () => {
    await core.tapBadge('1001');
    const play = await core.startLesson('press-pinch-points');
    const answers = checksOf(play.lesson).map((c) => answer(c, true));
    const first = await core.completeLesson({ completionId: play.completionId, lessonId: play.lesson.id, answers });
    await restart();

    await core.tapBadge('1001');
    const attempt = (await core.getSnapshot()).session?.attempt;
    expect(attempt).toEqual({ lessonId: 'press-pinch-points', lessonTitle: play.lesson.title, completionId: play.completionId, recorded: true });
    expect(await core.completeLesson({ completionId: attempt!.completionId, lessonId: attempt!.lessonId, answers: [] })).toEqual(first);
    expect(completionsOf('press-pinch-points')).toBe(1);
  });

  it('repro 7: a lesson interrupted by a restart resumes under the same completion id with the answers already given, and is recorded once', async () => {
    await core.tapBadge('1001');
    const play = await core.startLesson('press-pinch-points');
    const [firstCheck, ...rest] = checksOf(play.lesson);
    await core.recordAnswer({ lessonId: play.lesson.id, answer: answer(firstCheck!, false) });
    await core.saveProgress({ lessonId: play.lesson.id, cardIndex: play.lesson.cards.indexOf(firstCheck!) });
    await restart();

    await core.tapBadge('1001');
    expect((await core.getSnapshot()).session?.attempt).toMatchObject({ completionId: play.completionId, recorded: false });
    const resumed = await core.startLesson('press-pinch-points');
    expect(resumed.completionId).toBe(play.completionId);
    expect(resumed.answers).toEqual([answer(firstCheck!, false)]);
    expect(resumed.resumeCardIndex).toBe(play.lesson.cards.indexOf(firstCheck!));
    // The answer given before the crash still counts as the first one.
    const receipt = await core.completeLesson({ completionId: resumed.completionId, lessonId: play.lesson.id, answers: [firstCheck!, ...rest].map((c) => answer(c, true)) });
    expect(receipt.score).toBe(rest.length / (rest.length + 1));
    expect(completionsOf('press-pinch-points')).toBe(1);
  });

  it('signing out ends the attempt: the next sign-in starts the lesson under a new id, and a made-up id is refused', async () => {
    await core.tapBadge('1001');
    const play = await core.startLesson('press-pinch-points');
    await core.signOut();
    vi.advanceTimersByTime(2_000); // past the double-read debounce
    await core.tapBadge('1001');
    expect((await core.getSnapshot()).session?.attempt).toBeNull();
    const next = await core.startLesson('press-pinch-points');
    expect(next.completionId).not.toBe(play.completionId);
    await expect(core.completeLesson({ completionId: play.completionId, lessonId: 'press-pinch-points', answers: [] })).rejects.toMatchObject({ code: 'bad-request' });
    // Another worker signing in after a restart drops the first worker's attempt.
    await restart();
    await core.tapBadge('1003');
    await core.close();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    await core.tapBadge('1001');
    expect((await core.getSnapshot()).session?.attempt).toBeNull();
  });
});
