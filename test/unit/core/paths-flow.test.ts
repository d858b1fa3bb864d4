import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCoreHandle, KioskSnapshot } from '../../../common/contracts/kiosk-api';
import type { CheckCard } from '../../../common/contracts/lesson';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const DAY = 86_400_000;
const start = new Date('2026-11-25T08:00:00.000Z');

let core: KioskCoreHandle | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** A demo kiosk on a clock the test moves. */
async function kiosk(station = demoConfigInput.station) {
  let clock = start.getTime();
  const dataDir = tempDir();
  const config = kioskConfigSchema.parse({ ...demoConfigInput, station });
  core = await createKioskCore({ config, dataDir, now: () => new Date(clock), pinHashCost: FAST_PIN_COST });
  const c = core;
  return {
    core: c,
    dataDir,
    advance: (ms: number) => void (clock += ms),
    session: async () => (await c.getSnapshot()).session!,
  };
}

const right = (c: CheckCard) => c.options.filter((o) => o.correct).map((o) => o.id);
const wrong = (c: CheckCard) => [c.options.find((o) => !o.correct)!.id];

/** Plays a lesson through the core: every check answered right, except `missed` items answered wrong first. */
async function finish(core: KioskCoreHandle, lessonId: string, missed: string[] = []) {
  const { lesson, completionId } = await core.startLesson(lessonId);
  const checks = lesson.cards.filter((c): c is CheckCard => c.kind === 'check');
  const answers = checks.flatMap((c) => [
    ...(missed.includes(c.itemId) ? [{ itemId: c.itemId, cardId: c.id, chosen: wrong(c), correct: false }] : []),
    { itemId: c.itemId, cardId: c.id, chosen: right(c), correct: true },
  ]);
  return core.completeLesson({ completionId, lessonId, answers });
}

describe('learning paths at the kiosk (demo seed, fixed clock)', () => {
  it('Jordan (1004) is pushed his lockout recertification with the days left', async () => {
    const k = await kiosk();
    await k.core.tapBadge('1004');
    expect((await k.session()).next).toMatchObject({
      id: 'lockout-basics',
      reasonCode: 'recert-due-soon',
      reason: 'Required for Press line 4 - recertification due in 5 days',
    });
    const db = new Database(path.join(k.dataDir, DB_FILE_NAME), { readonly: true });
    try {
      // the made-up demo history is local only: nothing of it may be sent to a server
      expect(db.prepare('SELECT count(*) FROM completions').pluck().get()).toBe(2);
      expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('Sam (1003) is offered a review of the spill question he missed three days ago', async () => {
    const k = await kiosk();
    await k.core.tapBadge('1003');
    const session = await k.session();
    expect(session.review).toMatchObject({ kind: 'due', reason: 'Review: you missed 1 question on Oil and coolant spills 3 days ago' });
    expect(session.caughtUp).toBe(false);
  });

  it('Lucía (1002) reads her reasons in Spanish, the station by its Spanish name', async () => {
    const k = await kiosk();
    await k.core.tapBadge('1002');
    const session = await k.session();
    expect(session.next).toMatchObject({ id: 'lockout-basics', reason: 'Obligatorio para Línea de prensas 4 - paso 1 de 2' });
    expect(session.alternatives[0]).toMatchObject({ id: 'press-pinch-points', language: 'es', title: 'Puntos de atrapamiento en la prensa' });
  });

  it('after a completion the next item moves up; a wrong answer comes back as a review the next day, and the review reschedules it', async () => {
    const k = await kiosk();
    await k.core.tapBadge('1001');
    expect((await k.session()).next).toMatchObject({ id: 'lockout-basics', reason: 'Required for Press line 4 - step 1 of 2' });

    await finish(k.core, 'lockout-basics');
    expect((await k.session()).next).toMatchObject({ id: 'press-pinch-points', reason: 'Required for Press line 4 - step 2 of 2' });

    await finish(k.core, 'press-pinch-points', ['press-pinch-reach']);
    k.advance(DAY);
    await k.core.signOut();
    await k.core.tapBadge('1001');
    const nextDay = await k.session();
    expect(nextDay.review).toMatchObject({ kind: 'due', reason: 'Review: you missed 1 question on Press line pinch points yesterday' });
    expect([nextDay.next, ...nextDay.alternatives].map((l) => l?.reasonCode)).toContain('review-due');

    const { items } = await k.core.startReview();
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.length).toBeLessThanOrEqual(5);
    expect(items[0]).toMatchObject({ lessonId: 'press-pinch-points', lessonTitle: 'Press line pinch points', card: { itemId: 'press-pinch-reach' } });
    const receipt = await k.core.completeReview({
      completionId: randomUUID(),
      answers: items.map(({ card }) => ({ itemId: card.itemId, cardId: card.id, chosen: right(card), correct: true })),
    });
    expect(receipt).toMatchObject({ lessonId: 'review', score: 1, passed: null });
    expect((await k.session()).review?.kind).not.toBe('due');

    const db = new Database(path.join(k.dataDir, DB_FILE_NAME), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM outbox WHERE statement_id = ?').pluck().get(receipt.completionId)).toBe(1);
      const state = JSON.parse(db.prepare("SELECT state_json FROM item_states WHERE worker_id = 'demo-alex-morgan' AND item_id = 'press-pinch-reach'").pluck().get() as string);
      expect(state).toMatchObject({ lastAnswerCorrect: true, reps: 2 });
      expect(Date.parse(state.due) - (start.getTime() + DAY)).toBeGreaterThanOrEqual(2 * DAY);
    } finally {
      db.close();
    }
  });

  it('refuses review answers to questions that were not drawn', async () => {
    const k = await kiosk();
    await k.core.tapBadge('1003');
    await k.core.startReview();
    await expect(k.core.completeReview({ completionId: randomUUID(), answers: [{ itemId: 'ppe-press-area', cardId: 'q-items', chosen: ['a'], correct: true }] })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('Mai (1005) at assembly cell 2 is caught up once her skills are covered, and is offered a short practice review', async () => {
    const k = await kiosk({ id: 'assembly-2', name: 'Assembly cell 2' });
    await k.core.tapBadge('1005');
    const before = await k.session();
    expect(before.next?.reasonCode).toBe('skill-gap');
    expect(before.review).toBeNull();
    await finish(k.core, before.next!.id);
    await finish(k.core, (await k.session()).next!.id);
    const after: NonNullable<KioskSnapshot['session']> = await k.session();
    expect(after).toMatchObject({ next: null, alternatives: [], caughtUp: true, review: { kind: 'practice', itemCount: 3 } });
    await expect(k.core.startReview()).resolves.toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ lessonId: 'hand-hygiene' })]) });
  });
});
