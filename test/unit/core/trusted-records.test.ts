import { randomUUID } from 'node:crypto';
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
    const { lesson } = await core.startLesson('press-pinch-points');
    const wrong = checksOf(lesson).map((c) => answer(c, false));
    expect(wrong.length).toBeGreaterThan(0);
    const forged = { completionId: randomUUID(), lessonId: lesson.id, score: 1, durationMs: 60_000, answers: wrong } as CompleteLesson;
    const receipt = await core.completeLesson(forged);
    expect(receipt).toMatchObject({ score: 0, passed: false });
    expect(storedCompletion(dataDir, receipt.completionId)).toEqual({ score: 0, passed: 0 });
  });

  it('only the first answer to each check counts, whatever the renderer sends at Done', async () => {
    await core.tapBadge('1001');
    const { lesson } = await core.startLesson('press-pinch-points');
    const checks = checksOf(lesson);
    // Wrong first, then right after seeing the feedback: learnt now, not known.
    for (const c of checks) await core.recordAnswer({ lessonId: lesson.id, answer: answer(c, false) });
    for (const c of checks) await core.recordAnswer({ lessonId: lesson.id, answer: answer(c, true) });
    const receipt = await core.completeLesson({ completionId: randomUUID(), lessonId: lesson.id, durationMs: 60_000, answers: checks.map((c) => answer(c, true)) } as CompleteLesson);
    expect(receipt).toMatchObject({ score: 0, passed: false });
  });

  it('all checks right the first time passes with score 1', async () => {
    await core.tapBadge('1001');
    const { lesson } = await core.startLesson('press-pinch-points');
    const right = checksOf(lesson).map((c) => answer(c, true));
    const receipt = await core.completeLesson({ completionId: randomUUID(), lessonId: lesson.id, durationMs: 60_000, answers: right } as CompleteLesson);
    expect(receipt).toMatchObject({ score: 1, passed: true });
  });
});
