import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskCoreHandle, KioskSnapshot } from '../../../common/contracts/kiosk-api';
import type { CheckCard } from '../../../common/contracts/lesson';
import { kioskConfigSchema, demoConfigInput } from '../../../kiosk-config/schema';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { DEMO_BADGES } from '../../../electron/core/demo/demo-roster';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const config = kioskConfigSchema.parse(demoConfigInput);

function rightOptions(check: CheckCard): string[] {
  return check.options.filter((o) => o.correct).map((o) => o.id);
}

describe('kiosk core with the demo seed', () => {
  let core: KioskCoreHandle;
  let dataDir: string;
  let snapshots: KioskSnapshot[];

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-25T08:00:00Z'));
    dataDir = tempDir();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    snapshots = [];
    core.onSnapshot((s) => snapshots.push(s));
  });
  afterEach(async () => {
    await core.close();
    vi.useRealTimers();
  });

  it('tap 1001 -> greeting with a next lesson -> start -> answer -> complete -> a completion row in SQLite', async () => {
    expect((await core.getSnapshot()).status).toBe('ready');
    expect(await core.tapBadge('1001')).toMatchObject({ outcome: 'signed-in' });
    const greeted = snapshots.at(-1)!;
    expect(greeted.session?.worker.firstName).toBe('Alex');
    expect(greeted.session?.next).toMatchObject({ id: 'lockout-basics', reasonCode: 'station-required' });
    expect(greeted.session?.alternatives.length).toBe(2);

    const play = await core.startLesson(greeted.session!.alternatives[0]!.id);
    expect(play.resumeCardIndex).toBe(0);
    const checks = play.lesson.cards.filter((c): c is CheckCard => c.kind === 'check');
    const [single, multiple] = checks;
    const wrong = single.options.find((o) => !o.correct)!.id;
    await core.recordAnswer({ lessonId: play.lesson.id, answer: { itemId: single.itemId, cardId: single.id, chosen: [wrong], correct: false } });
    vi.advanceTimersByTime(4_000);
    await core.recordAnswer({ lessonId: play.lesson.id, answer: { itemId: single.itemId, cardId: single.id, chosen: rightOptions(single), correct: true } });
    await core.recordAnswer({ lessonId: play.lesson.id, answer: { itemId: multiple.itemId, cardId: multiple.id, chosen: rightOptions(multiple), correct: true } });
    await core.saveProgress({ lessonId: play.lesson.id, cardIndex: play.lesson.cards.length - 1 });
    for (let i = 0; i < 7; i++) {
      vi.advanceTimersByTime(13_000); // reading the cards, touching the screen now and then
      await core.reportActivity();
    }

    // no duration is sent: the core times the sitting from startLesson to Done (95 s by its clock)
    const receipt = await core.completeLesson({
      completionId: play.completionId,
      lessonId: play.lesson.id,
      answers: [
        { itemId: single.itemId, cardId: single.id, chosen: [wrong], correct: true /* the core judges, not the renderer */ },
        { itemId: single.itemId, cardId: single.id, chosen: rightOptions(single), correct: true },
        { itemId: multiple.itemId, cardId: multiple.id, chosen: rightOptions(multiple), correct: true },
      ],
    });
    expect(receipt).toMatchObject({ lessonId: 'press-pinch-points', score: 0.5, passed: false });

    const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    try {
      expect(db.prepare('SELECT worker_id, lesson_id, score, passed, duration_ms, site_id, station_id FROM completions WHERE id = ?').get(receipt.completionId)).toEqual({
        worker_id: 'demo-alex-morgan',
        lesson_id: 'press-pinch-points',
        score: 0.5,
        passed: 0,
        duration_ms: 95_000,
        site_id: 'plant-2',
        station_id: 'press-line-4',
      });
      // the answers that counted: the first to each check
      expect(db.prepare('SELECT item_id, correct FROM item_results WHERE completion_id = ? ORDER BY id').all(receipt.completionId)).toEqual([
        { item_id: single.itemId, correct: 0 },
        { item_id: multiple.itemId, correct: 1 },
      ]);
      expect(db.prepare('SELECT count(*) FROM outbox WHERE statement_id = ?').pluck().get(receipt.completionId)).toBe(1);
      expect(db.prepare('SELECT count(*) FROM progress').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    // the lesson just done is no longer the one pushed next
    expect(snapshots.at(-1)!.session?.next?.id).not.toBe('press-pinch-points');
  });

  it('unknown badge: a notice code for the renderer to word and an event that names only the last digits', async () => {
    expect(await core.tapBadge('98765432')).toEqual({ outcome: 'unknown-badge' });
    expect(snapshots.at(-1)!.notice).toMatchObject({ code: 'unknown-badge', params: {} });
    const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    const details = db.prepare("SELECT detail FROM events WHERE kind = 'unknown-badge'").pluck().all() as string[];
    db.close();
    expect(details).toHaveLength(1);
    expect(details[0]).toContain('…32 ');
    expect(details[0]).not.toContain('432');
  });

  it('binary and oversized bursts are ignored, noticed and logged', async () => {
    expect(await core.tapBadge('\u0000\u0001\u00ff1001')).toMatchObject({ outcome: 'rejected', reason: 'binary' });
    await expect(core.tapBadge('1'.repeat(600))).rejects.toMatchObject({ code: 'bad-request' });
    expect(await core.tapBadge('1'.repeat(200))).toMatchObject({ outcome: 'rejected', reason: 'too-long' });
    expect((await core.getSnapshot()).session).toBeNull();
    const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    const kinds = db.prepare('SELECT kind FROM events ORDER BY id').pluck().all();
    db.close();
    expect(kinds).toEqual(['badge-rejected', 'call-rejected', 'badge-rejected']);
  });

  it('a second worker switches user mid-lesson, and the first resumes at the same card later', async () => {
    await core.tapBadge('1001');
    const play = await core.startLesson('press-pinch-points');
    await core.saveProgress({ lessonId: 'press-pinch-points', cardIndex: 3 });

    expect(await core.tapBadge('1002')).toMatchObject({ outcome: 'switched', workerId: 'demo-lucia-fernandez' });
    const lucia = snapshots.at(-1)!.session!;
    expect(lucia.worker.firstName).toBe('Lucía');
    expect(lucia.alternatives[0]).toMatchObject({ id: 'press-pinch-points', language: 'es' });

    vi.advanceTimersByTime(2_000);
    expect(await core.tapBadge('1001')).toMatchObject({ outcome: 'switched' });
    expect(snapshots.at(-1)!.session!.alternatives[0]).toMatchObject({ id: 'press-pinch-points', reasonCode: 'station-required' });
    const again = await core.startLesson('press-pinch-points');
    expect(again.resumeCardIndex).toBe(3);
    expect(again.lesson.version).toBe(play.lesson.version);
  });

  it('a double read is one tap, and the same worker tapping again keeps the session', async () => {
    await core.tapBadge('1001');
    expect(await core.tapBadge('1001')).toEqual({ outcome: 'debounced' });
    vi.advanceTimersByTime(config.badge.debounceMs);
    expect(await core.tapBadge('1001')).toMatchObject({ outcome: 'same-worker' });
  });

  it('signs out after the idle timeout, and reported activity postpones it', async () => {
    await core.tapBadge('1003');
    vi.advanceTimersByTime(config.idleTimeoutSeconds * 1000 - 1_000);
    await core.reportActivity();
    vi.advanceTimersByTime(config.idleTimeoutSeconds * 1000 - 1_000);
    expect((await core.getSnapshot()).session?.worker.firstName).toBe('Sam');
    vi.advanceTimersByTime(1_000);
    const s = await core.getSnapshot();
    expect(s.session).toBeNull();
    expect(s.notice?.code).toBe('signed-out-idle');
  });

  it('without a server, the snapshot still counts the completions kept on the terminal', async () => {
    expect((await core.getSnapshot()).sync).toMatchObject({ state: 'not-configured', queued: 0 });
    await core.tapBadge('1001');
    const { completionId } = await core.startLesson('ppe-check');
    await core.completeLesson({ completionId, lessonId: 'ppe-check', answers: [] });
    expect(snapshots.at(-1)!.sync).toMatchObject({ state: 'not-configured', queued: 1 });
  });

  it('a Done sent again with the same id (its answer lost in transit) is recorded once and answered the same', async () => {
    await core.tapBadge('1001');
    const { completionId } = await core.startLesson('ppe-check');
    const done = { completionId, lessonId: 'ppe-check', answers: [] };
    const first = await core.completeLesson(done);
    expect(await core.completeLesson(done)).toEqual(first);
    const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM completions WHERE id = ?').pluck().get(done.completionId)).toBe(1);
      expect(db.prepare('SELECT count(*) FROM outbox WHERE statement_id = ?').pluck().get(done.completionId)).toBe(1);
    } finally {
      db.close();
    }
    // Another worker cannot claim it.
    await core.tapBadge('1003');
    await expect(core.completeLesson(done)).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('rejects untrusted arguments and calls that need a signed-in worker with a clear error', async () => {
    await expect((core.startLesson as (...a: unknown[]) => Promise<unknown>)(42)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(core.startLesson('press-pinch-points')).rejects.toThrow(/tap a badge first/);
    await core.tapBadge('1001');
    await expect(core.startLesson('no-such-lesson')).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      core.completeLesson({ completionId: randomUUID(), lessonId: 'ppe-check', answers: [{ itemId: 'made-up', cardId: 'x', chosen: ['a'], correct: true }] }),
    ).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('serves the seeded media by hash, and nothing else', async () => {
    await core.tapBadge('1001');
    const { lesson } = await core.startLesson('press-pinch-points');
    const video = lesson.cards.find((c) => c.kind === 'video');
    if (video?.kind !== 'video') throw new Error('demo lesson lost its video card');
    expect(core.mediaType(video.media)).toBe('video/webm');
    expect(fs.statSync(core.mediaPath(video.media)!).size).toBeLessThan(300_000);
    expect(core.mediaType(video.captions!)).toBe('text/vtt');
    expect(core.mediaPath('0'.repeat(64))).toBeNull();
    expect(core.mediaPath('../shiftlearn.db')).toBeNull();
  });
});

describe('kiosk core start-up', () => {
  it('a corrupt database gives an error snapshot and refusing calls, and the file is kept as it was', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, DB_FILE_NAME);
    const garbage = Buffer.alloc(8192, 0x5a);
    fs.writeFileSync(file, garbage);
    const core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    const snapshot = await core.getSnapshot();
    expect(snapshot.status).toBe('error');
    expect(snapshot.error).toMatchObject({ title: expect.stringMatching(/damaged/), fix: expect.any(String) });
    await expect(core.tapBadge('1001')).rejects.toMatchObject({ code: 'unavailable' });
    await core.close();
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('the demo roster has badge 1001 for Alex and a Spanish speaker on 1002, and seeds only once', async () => {
    expect(DEMO_BADGES.find((b) => b.badge === '1001')).toMatchObject({ name: 'Alex Morgan', language: 'en' });
    expect(DEMO_BADGES.find((b) => b.badge === '1002')).toMatchObject({ language: 'es' });
    const dataDir = tempDir();
    await (await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST })).close();
    await (await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST })).close();
    const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM workers').pluck().get()).toBe(DEMO_BADGES.length);
    expect(db.prepare('SELECT count(DISTINCT id) FROM lessons').pluck().get()).toBe(5);
    db.close();
  });

  it('in raw HID mode with no reader plugged in, reports the reader state instead of failing', async () => {
    const dataDir = tempDir();
    const hidConfig = kioskConfigSchema.parse({ ...demoConfigInput, reader: { mode: 'hid', vendorId: '0xfffe', productId: '0xfffd' } });
    const core = await createKioskCore({ config: hidConfig, dataDir, pinHashCost: FAST_PIN_COST });
    const { status, reader } = await core.getSnapshot();
    await core.close();
    expect(status).toBe('ready');
    expect(reader).toMatchObject({ mode: 'hid', state: expect.stringMatching(/^(disconnected|unavailable)$/), detail: expect.any(String) });
  });

  it('does not seed anything without demo mode', async () => {
    const dataDir = tempDir();
    const core = await createKioskCore({ config: { ...config, demo: false }, dataDir });
    expect(await core.tapBadge('1001')).toEqual({ outcome: 'unknown-badge' });
    await core.close();
  });
});
