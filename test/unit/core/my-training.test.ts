import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskCoreHandle } from '../../../common/contracts/kiosk-api';
import type { CredentialData } from '../../../common/contracts/sync';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { applyPullPage } from '../../../electron/core/sync/apply-pull';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const config = kioskConfigSchema.parse({ ...demoConfigInput });
const DAY = 86_400_000;

function credential(id: string, employeeId: string, name: string, validUntil: string | null, revoked = false): CredentialData {
  return { id, employeeId, certificationId: name.toLowerCase().replace(/\s+/g, '-'), name, validFrom: '2026-01-01T00:00:00.000Z', validUntil, revoked, lessons: [] };
}

/** Credentials arrive as the server's pull sends them (a second connection, as the sync service would write). */
function pull(dataDir: string, changes: CredentialData[], publicUrl = 'https://learn.plant2.example') {
  const db = new Database(path.join(dataDir, DB_FILE_NAME));
  try {
    db.prepare(`INSERT INTO sync_state (key, value) VALUES ('public_url', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(publicUrl);
    applyPullPage(db, { changes: changes.map((data, i) => ({ seq: 1000 + i, kind: 'credential' as const, op: 'upsert' as const, data })), nextCursor: 2000, hasMore: false }, () => true);
  } finally {
    db.close();
  }
}

describe('My training at the kiosk', () => {
  let core: KioskCoreHandle;
  let dataDir: string;
  const now = new Date('2026-11-25T08:00:00Z');

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(now);
    dataDir = tempDir();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    pull(dataDir, [
      credential('c-alex-press', 'E1001', 'Press operator', new Date(now.getTime() + 200 * DAY).toISOString()),
      credential('c-alex-forklift', 'E1001', 'Forklift', new Date(now.getTime() + 10 * DAY).toISOString()),
      credential('c-alex-old', 'E1001', 'Lockout', new Date(now.getTime() - DAY).toISOString()),
      credential('c-lucia-press', 'E1002', 'Press operator', new Date(now.getTime() + 300 * DAY).toISOString()),
    ]);
  });
  afterEach(async () => {
    await core.close();
    vi.useRealTimers();
  });

  it("shows the signed-in worker's certifications valid, expiring or expired with their verify URLs, and nobody else's", async () => {
    await expect(core.getMyTraining()).rejects.toThrow(/Nobody is signed in/);
    await core.tapBadge('1001');
    const alex = await core.getMyTraining();
    expect(alex.certifications.map((c) => [c.name, c.state, c.verifyUrl])).toEqual([
      ['Forklift', 'expiring', 'https://learn.plant2.example/verify/c-alex-forklift'],
      ['Lockout', 'expired', 'https://learn.plant2.example/verify/c-alex-old'],
      ['Press operator', 'valid', 'https://learn.plant2.example/verify/c-alex-press'],
    ]);
    await core.tapBadge('1002');
    const lucia = await core.getMyTraining();
    expect(lucia.certifications.map((c) => c.id)).toEqual(['c-lucia-press']);
  });

  it('shows a revocation that arrives with the next pull, and a reissue replaces the old credential', async () => {
    pull(dataDir, [credential('c-alex-press', 'E1001', 'Press operator', new Date(now.getTime() + 200 * DAY).toISOString(), true)]);
    await core.tapBadge('1001');
    expect((await core.getMyTraining()).certifications.find((c) => c.name === 'Press operator')?.state).toBe('revoked');
    pull(dataDir, [{ ...credential('c-alex-press-2', 'E1001', 'Press operator', new Date(now.getTime() + 365 * DAY).toISOString()), validFrom: now.toISOString() }]);
    expect((await core.getMyTraining()).certifications.find((c) => c.name === 'Press operator')).toMatchObject({ id: 'c-alex-press-2', state: 'valid' });
  });

  it('lists the worker\'s recent completions on this terminal', async () => {
    await core.tapBadge('1001');
    const snapshot = await core.getSnapshot();
    const lessonId = snapshot.session!.next!.id;
    const play = await core.startLesson(lessonId);
    await core.completeLesson({ completionId: play.completionId, lessonId, answers: [] });
    const recent = (await core.getMyTraining()).recent;
    expect(recent).toHaveLength(1);
    expect(recent[0]).toMatchObject({ lessonId, title: play.lesson.title, completedAt: now.toISOString() });
    await core.tapBadge('1002');
    expect((await core.getMyTraining()).recent).toEqual([]);
  });
});
