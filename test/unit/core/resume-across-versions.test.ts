import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskCoreHandle } from '../../../common/contracts/kiosk-api';
import type { Card, Lesson } from '../../../common/contracts/lesson';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { findLesson, upsertLesson } from '../../../electron/core/lessons/lesson-repo';
import { resumeCardIndex } from '../../../electron/core/lessons/progress-repo';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

/**
 * A new lesson version arriving by sync replaces the old one on the terminal. A worker who had left
 * the lesson half-way keeps their place when the card they were on is still the same card, and
 * starts over when it is not (they would otherwise land in the middle of changed material).
 */

const tempDir = useTempDirs();
const config = kioskConfigSchema.parse(demoConfigInput);
const LESSON = 'press-pinch-points';

describe('resume point across lesson versions (kiosk core)', () => {
  let core: KioskCoreHandle;
  let dataDir: string;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-25T08:00:00Z'));
    dataDir = tempDir();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    await core.tapBadge('1001');
  });
  afterEach(async () => {
    await core.close();
    vi.useRealTimers();
  });

  /** Stores a new English version of the lesson the way the sync client does, on its own connection. */
  function publishNewVersion(edit: (cards: Card[]) => Card[]): Lesson {
    const db = new Database(path.join(dataDir, DB_FILE_NAME));
    try {
      const current = findLesson(db, LESSON, ['en'])!;
      const next = { ...current, version: current.version + 1, cards: edit(current.cards) };
      upsertLesson(db, next);
      return next;
    } finally {
      db.close();
    }
  }

  async function leaveAtCard(index: number): Promise<void> {
    await core.startLesson(LESSON);
    await core.saveProgress({ lessonId: LESSON, cardIndex: index });
  }

  const textCard = (id: string): Card => ({ kind: 'text', id, markdown: `New card ${id}` });

  it('keeps the place when the new version changed other cards but not the one the worker was on', async () => {
    await leaveAtCard(3);
    const v2 = publishNewVersion((cards) => [textCard('rewritten-intro'), ...cards.slice(1)]);
    const again = await core.startLesson(LESSON);
    expect(again.lesson.version).toBe(v2.version);
    expect(again.resumeCardIndex).toBe(3);
  });

  it('starts over when the card at the saved place changed', async () => {
    await leaveAtCard(3);
    publishNewVersion((cards) => cards.map((c, i) => (i === 3 ? textCard('changed-card') : c)));
    expect((await core.startLesson(LESSON)).resumeCardIndex).toBe(0);
  });

  it('starts over when a card was inserted before the saved place (the old card moved)', async () => {
    await leaveAtCard(3);
    publishNewVersion((cards) => [textCard('new-first'), ...cards]);
    expect((await core.startLesson(LESSON)).resumeCardIndex).toBe(0);
  });

  it('starts over when the new version is shorter than the saved place', async () => {
    await leaveAtCard(4);
    publishNewVersion((cards) => cards.slice(0, 3));
    expect((await core.startLesson(LESSON)).resumeCardIndex).toBe(0);
  });

  it('the place saved in the new version is kept from then on', async () => {
    await leaveAtCard(3);
    publishNewVersion((cards) => [textCard('new-first'), ...cards]);
    await leaveAtCard(4);
    expect((await core.startLesson(LESSON)).resumeCardIndex).toBe(4);
  });
});

describe('resumeCardIndex', () => {
  const lesson = (version: number, ids: string[]) => ({ version, cards: ids.map((id) => ({ id })) });

  it('follows the card id, whatever the version', () => {
    expect(resumeCardIndex({ lessonVersion: 1, cardIndex: 2, cardId: 'c' }, lesson(5, ['x', 'y', 'c']))).toBe(2);
    expect(resumeCardIndex({ lessonVersion: 5, cardIndex: 2, cardId: 'c' }, lesson(5, ['x', 'c', 'z']))).toBe(0);
  });

  it('treats a point saved before card ids were kept by the old rule: same version only', () => {
    expect(resumeCardIndex({ lessonVersion: 5, cardIndex: 2, cardId: null }, lesson(5, ['a', 'b', 'c']))).toBe(2);
    expect(resumeCardIndex({ lessonVersion: 4, cardIndex: 2, cardId: null }, lesson(5, ['a', 'b', 'c']))).toBe(0);
  });
});
