import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskCoreHandle, KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { activeLockout, freshLockout, LOCKOUT_MS, MAX_FAILURES, MAX_LOCKOUT_MS, recordFailure } from '../../../electron/core/supervisor/lockout';
import { hashPin, parsePinHash, pinMatches } from '../../../common/staff/pin-hash';
import { checkPin } from '../../../electron/core/supervisor/pin-gate';
import { buildStationBoard, buildWorkerDetail, type BoardInput } from '../../../electron/core/supervisor/station-board';
import { requirementsOrStationLessons } from '../../../electron/core/supervisor/board-repo';
import { openStore } from '../../../electron/core/store/open-store';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { daysAgo, lesson, NOW, passed, failed } from '../paths/fixtures';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('PIN hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with a fresh salt per PIN and verifies only the right PIN', async () => {
    const a = await hashPin('2468', { cost: FAST_PIN_COST });
    const b = await hashPin('2468', { cost: FAST_PIN_COST });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('2468');
    expect(await pinMatches('2468', a)).toBe(true);
    expect(await pinMatches('2469', a)).toBe(false);
    expect(await pinMatches('24680', a)).toBe(false);
    expect(await pinMatches('', a)).toBe(false);
  });

  it('hashes at N=2^15 unless told otherwise, and verifies each hash at the cost it carries', async () => {
    const production = await hashPin('2468');
    expect(production).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await pinMatches('2468', production)).toBe(true);
    expect(await pinMatches('2468', await hashPin('2468', { cost: { N: 2048, r: 4, p: 1 } }))).toBe(true);
  });

  it('refuses a PIN that is not 4-12 digits, and a hash or cost that is not one or would cost too much', async () => {
    await expect(hashPin('12a4')).rejects.toThrow(/4 to 12 digits/);
    await expect(hashPin('1234', { cost: { N: 1000, r: 8, p: 1 } })).rejects.toThrow(/power of two/);
    expect(() => parsePinHash('2468')).toThrow(/hash-pin/);
    const huge = (await hashPin('1234', { cost: FAST_PIN_COST })).replace('scrypt$1024$', `scrypt$${2 ** 24}$`);
    expect(() => parsePinHash(huge)).toThrow(/not a PIN hash/);
  });
});

describe('wrong-PIN lockout (pure, time as argument)', () => {
  const t0 = new Date('2026-11-25T08:00:00.000Z');
  it('locks for 5 minutes on the 5th wrong PIN in a row, then allows 5 more tries', () => {
    let state = freshLockout;
    for (let i = 1; i < MAX_FAILURES; i++) {
      const r = recordFailure(state, t0);
      expect(r).toMatchObject({ lockedUntil: null, attemptsLeft: MAX_FAILURES - i });
      state = r.state;
    }
    const fifth = recordFailure(state, t0);
    expect(fifth.lockedUntil).toBe(new Date(t0.getTime() + LOCKOUT_MS).toISOString());
    expect(activeLockout(fifth.state, new Date(t0.getTime() + LOCKOUT_MS - 1))).toBe(fifth.lockedUntil);
    const after = new Date(t0.getTime() + LOCKOUT_MS);
    expect(activeLockout(fifth.state, after)).toBeNull();
    expect(recordFailure(fifth.state, after)).toMatchObject({ lockedUntil: null, attemptsLeft: MAX_FAILURES - 1 });
  });

  it('doubles each further lockout (5, 10, 20 ... minutes) up to a day, for as long as the guessing goes on', () => {
    let state = freshLockout;
    let now = t0;
    const minutes: number[] = [];
    for (let lockout = 0; lockout < 12; lockout++) {
      let r = recordFailure(state, now);
      for (let i = 1; i < MAX_FAILURES; i++) r = recordFailure(r.state, now);
      expect(r.lockedUntil).not.toBeNull();
      minutes.push((Date.parse(r.lockedUntil!) - now.getTime()) / 60_000);
      state = r.state;
      now = new Date(Date.parse(r.lockedUntil!));
    }
    expect(minutes).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1280, 1440, 1440, 1440]);
    expect(MAX_LOCKOUT_MS).toBe(1440 * 60_000);
  });
});

describe('checkPin against the store', () => {
  it('counts wrong PINs, locks on the 5th, refuses the right PIN while locked, accepts it after, and logs without the PIN', async () => {
    const store = openStore(tempDir());
    const hash = await hashPin('2468', { cost: FAST_PIN_COST });
    let clock = new Date('2026-11-25T08:00:00.000Z');
    const events: string[] = [];
    const check = (pin: string) => checkPin({ db: store.db, subject: 'supervisor:s1', pin, storedHash: hash, now: () => clock, event: (k, d) => events.push(`${k} ${d}`) });
    for (let i = 0; i < 4; i++) expect((await check('1111')).outcome).toBe('wrong');
    expect(await check('1111')).toEqual({ outcome: 'locked', until: '2026-11-25T08:05:00.000Z' });
    expect(await check('2468')).toEqual({ outcome: 'locked', until: '2026-11-25T08:05:00.000Z' });
    clock = new Date('2026-11-25T08:05:00.000Z');
    expect(await check('2468')).toEqual({ outcome: 'ok' });
    expect(events.filter((e) => e.startsWith('pin-wrong'))).toHaveLength(4);
    expect(events.filter((e) => e.startsWith('pin-lockout'))).toHaveLength(1);
    expect(events.join('\n')).not.toMatch(/2468|1111/);
    store.close();
  });

  it('escalates the next lockout to 10 minutes across a restart, and a right PIN starts again from 5', async () => {
    const dir = tempDir();
    const hash = await hashPin('2468', { cost: FAST_PIN_COST });
    let clock = new Date('2026-11-25T08:00:00.000Z');
    const events: string[] = [];
    const fiveWrong = async (db: Database.Database) => {
      let last;
      for (let i = 0; i < MAX_FAILURES; i++) {
        last = await checkPin({ db, subject: 'diagnostics', pin: '1111', storedHash: hash, now: () => clock, event: (k, d) => events.push(`${k} ${d}`) });
      }
      return last;
    };
    let store = openStore(dir);
    expect(await fiveWrong(store.db)).toEqual({ outcome: 'locked', until: '2026-11-25T08:05:00.000Z' });
    store.close();
    store = openStore(dir);
    clock = new Date('2026-11-25T08:05:00.000Z');
    expect(await fiveWrong(store.db)).toEqual({ outcome: 'locked', until: '2026-11-25T08:15:00.000Z' });
    clock = new Date('2026-11-25T08:15:00.000Z');
    expect(await checkPin({ db: store.db, subject: 'diagnostics', pin: '2468', storedHash: hash, now: () => clock, event: () => {} })).toEqual({ outcome: 'ok' });
    expect(await fiveWrong(store.db)).toEqual({ outcome: 'locked', until: '2026-11-25T08:20:00.000Z' });
    expect(events.filter((e) => e.startsWith('pin-lockout'))).toEqual([
      'pin-lockout diagnostics: 5 wrong PINs, lockout 1 since the last right PIN, locked until 2026-11-25T08:05:00.000Z',
      'pin-lockout diagnostics: 5 wrong PINs, lockout 2 since the last right PIN, locked until 2026-11-25T08:15:00.000Z',
      'pin-lockout diagnostics: 5 wrong PINs, lockout 1 since the last right PIN, locked until 2026-11-25T08:20:00.000Z',
    ]);
    store.close();
  });
});

describe('station board', () => {
  const catalog = [
    lesson('guarding', { stations: ['press-4'] }),
    lesson('lockout', { recertifyAfterDays: 365 }),
    lesson('forklift', { recertifyAfterDays: 365 }),
    lesson('other-station', {}),
  ];
  const requirements = {
    byStation: { 'press-4': { lessons: ['guarding', 'lockout'], skills: [] }, 'paint-1': { lessons: ['other-station'], skills: [] } },
    byRole: { driver: { lessons: ['forklift'], skills: [] } },
  };
  const w = (id: string, name: string, roles: string[] = ['operator'], stations = ['press-4']) => ({ id, displayName: name, employeeId: id.toUpperCase(), roles, stations, language: 'en' });
  const fixture: BoardInput = {
    station: { id: 'press-4', name: 'Press line 4' },
    workers: [w('w-done', 'Ada'), w('w-soon', 'Ben'), w('w-over', 'Cy', ['driver']), w('w-new', 'Di', ['operator'], ['press-4', 'paint-1'])],
    catalog,
    requirements,
    historyByWorker: {
      'w-done': [passed('guarding', daysAgo(10)), passed('lockout', daysAgo(20))],
      'w-soon': [passed('guarding', daysAgo(10)), passed('lockout', daysAgo(360))],
      'w-over': [passed('guarding', daysAgo(1)), passed('lockout', daysAgo(5)), passed('forklift', daysAgo(400))],
      'w-new': [failed('guarding', daysAgo(2))],
    },
    lastActivityByWorker: { 'w-done': daysAgo(10).toISOString(), 'w-soon': daysAgo(10).toISOString(), 'w-over': daysAgo(1).toISOString(), 'w-new': daysAgo(2).toISOString() },
    language: 'en',
    now: NOW,
  };

  it('gives each worker the most urgent status over the lessons needed here, most urgent first', () => {
    const board = buildStationBoard(fixture);
    expect(board.workers.map((x) => [x.displayName, x.status])).toEqual([
      ['Cy', 'overdue'],
      ['Di', 'failed'],
      ['Ben', 'due-soon'],
      ['Ada', 'done'],
    ]);
    const cy = board.workers[0]!;
    expect(cy.counts).toEqual({ done: 2, 'due-soon': 0, overdue: 1, failed: 0, 'never-started': 0 });
    expect(cy.nextDueAt).toBe(new Date(daysAgo(400).getTime() + 365 * 86_400_000).toISOString());
    // Di's other station's lesson is not what this station's supervisor is asked about
    expect(board.workers[1]!.counts).toEqual({ done: 0, 'due-soon': 0, overdue: 0, failed: 1, 'never-started': 1 });
    expect(board.workers[2]!.nextDueAt).toBe(new Date(daysAgo(360).getTime() + 365 * 86_400_000).toISOString());
    expect(board.summary).toEqual({ counts: { done: 5, 'due-soon': 1, overdue: 0, failed: 1, 'never-started': 1 }, total: 8, completionPercent: 75 });
  });

  it('tells each of the six states apart: done, in progress, not passed (retake), due soon, overdue, not started', () => {
    const board = buildStationBoard({
      ...fixture,
      workers: [...fixture.workers, w('w-half', 'Eve'), w('w-none', 'Fay')],
      historyByWorker: { ...fixture.historyByWorker, 'w-half': [passed('guarding', daysAgo(3))] },
    });
    expect(Object.fromEntries(board.workers.map((x) => [x.displayName, x.status]))).toEqual({
      Ada: 'done',
      Eve: 'in-progress',
      Di: 'failed',
      Ben: 'due-soon',
      Cy: 'overdue',
      Fay: 'never-started',
    });
    // Most urgent first: what the supervisor acts on before what is merely outstanding.
    expect(board.workers.map((x) => x.status)).toEqual(['overdue', 'failed', 'due-soon', 'in-progress', 'never-started', 'done']);
    // A failed attempt is not "not started", and a worker with 1 of 2 lessons is not either.
    expect(board.workers.find((x) => x.displayName === 'Eve')!.counts).toMatchObject({ done: 1, 'never-started': 1 });
  });

  it('details one worker: every required lesson with who requires it, dates, latest score and attempts', () => {
    const di = buildWorkerDetail(fixture, 'w-new')!;
    expect(di.lessons.map((l) => [l.lessonId, l.status, l.attempts, l.lastScore, l.requiredBy.stations])).toEqual([
      ['guarding', 'failed', 1, 0.2, ['press-4']],
      ['lockout', 'never-started', 0, null, ['press-4']],
      ['other-station', 'never-started', 0, null, ['paint-1']],
    ]);
    expect(di.lessons[0]!.title).toBe('Title guarding');
    expect(buildWorkerDetail(fixture, 'nobody')).toBeNull();
  });

  it("falls back to the station's own lessons when no requirements were distributed", () => {
    expect(requirementsOrStationLessons({ byRole: {}, byStation: {} }, catalog, 'press-4')).toEqual({ byRole: {}, byStation: { 'press-4': { lessons: ['guarding'], skills: [] } } });
    expect(requirementsOrStationLessons(requirements, catalog, 'press-4')).toBe(requirements);
  });
});

describe('supervisor at the demo terminal (core)', () => {
  const config = kioskConfigSchema.parse(demoConfigInput);
  let core: KioskCoreHandle;
  let dataDir: string;
  let last: () => KioskSnapshot;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-25T08:00:00Z'));
    dataDir = tempDir();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    const seen: KioskSnapshot[] = [];
    core.onSnapshot((s) => seen.push(s));
    last = () => seen.at(-1)!;
  });
  afterEach(async () => {
    await core.close();
    vi.useRealTimers();
  });

  it('refuses the board without a verified supervisor PIN, with a message naming what to do', async () => {
    await expect(core.getStationBoard()).rejects.toMatchObject({ code: 'bad-request', message: /tap a supervisor badge and enter the PIN/ });
    await core.tapBadge('1001');
    expect(last().staff).toBeNull();
    await expect(core.verifyPin('2468')).rejects.toThrow(/No PIN is being asked for/);
    await core.tapBadge('1006');
    expect(last().staff).toMatchObject({ kind: 'supervisor', stage: 'pin', name: 'Dana Kowalski' });
    await expect(core.getWorkerDetail('demo-alex-morgan')).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('issue 12 item 4: a PIN lockout is queued for the server, and only site IT (diagnostics PIN) ends it early, escalation included', async () => {
    await core.tapBadge('1006');
    for (let i = 0; i < 4; i++) await core.verifyPin('1357');
    expect(await core.verifyPin('1357')).toMatchObject({ outcome: 'locked' });
    const store = openStore(dataDir);
    try {
      expect(store.db.prepare('SELECT kind, detail FROM security_event_outbox').all()).toEqual([
        { kind: 'pin-lockout', detail: expect.stringContaining('supervisor:demo-dana-kowalski: 5 wrong PINs') },
      ]);
    } finally {
      store.close();
    }

    await expect(core.clearPinLockouts()).rejects.toMatchObject({ code: 'bad-request', message: /site-IT PIN/ });
    await core.openDiagnostics();
    await expect(core.clearPinLockouts()).rejects.toMatchObject({ code: 'bad-request' });
    expect(await core.verifyPin('0000')).toEqual({ outcome: 'ok' });
    expect((await core.getDiagnostics()).pinLockouts).toEqual([{ subject: 'supervisor:demo-dana-kowalski', until: '2026-11-25T08:05:00.000Z' }]);
    expect(await core.clearPinLockouts()).toEqual({ cleared: 1 });
    const report = await core.getDiagnostics();
    expect(report.pinLockouts).toEqual([]);
    expect(report.events.find((e) => e.kind === 'pin-lockouts-cleared')?.detail).toBe('1 locked PIN pad(s) unlocked and every lockout escalation reset by site IT (key chord)');

    await core.signOut();
    vi.setSystemTime(Date.now() + 10_000); // past the same-badge debounce, still inside the 5-minute lockout
    await core.tapBadge('1006');
    expect(await core.verifyPin('2468')).toEqual({ outcome: 'ok' });
  });

  it('Dana: wrong PIN, then 2468 opens the board of the demo workers; the next tap leaves', async () => {
    await core.tapBadge('1006');
    expect(await core.verifyPin('1357')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await core.verifyPin('2468')).toEqual({ outcome: 'ok' });
    expect(last().staff).toMatchObject({ stage: 'open' });
    const board = await core.getStationBoard();
    expect(board.station).toEqual({ id: 'press-line-4', name: 'Press line 4' });
    const byName = Object.fromEntries(board.workers.map((w) => [w.displayName, w.status]));
    // The demo seed: Sam failed his one attempt; Jordan holds lockout basics, due for recertification soon.
    expect(byName).toEqual({
      'Alex Morgan': 'never-started',
      'Lucía Fernández': 'never-started',
      'Sam Patel': 'failed',
      'Jordan Lee': 'due-soon',
      'Dana Kowalski': 'never-started',
    });
    const jordan = board.workers.find((w) => w.displayName === 'Jordan Lee')!;
    expect(jordan.counts['due-soon']).toBe(1);
    const detail = await core.getWorkerDetail(jordan.workerId);
    expect(detail.lessons.find((l) => l.lessonId === 'lockout-basics')).toMatchObject({ status: 'due-soon', attempts: 1, lastScore: 1 });
    await expect(core.getWorkerDetail('demo-mai-nguyen')).rejects.toMatchObject({ code: 'not-found' });

    await vi.advanceTimersByTimeAsync(2000); // past the reader's double-read debounce
    await core.tapBadge('1006');
    expect(last().staff).toBeNull();
    expect(last().session).toBeNull();
    await expect(core.getStationBoard()).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('5 wrong PINs lock Dana out for 5 minutes, survive a restart, and are logged as events without the PIN', async () => {
    await core.tapBadge('1006');
    for (let i = 0; i < 4; i++) await core.verifyPin('9999');
    expect(await core.verifyPin('9999')).toEqual({ outcome: 'locked', until: '2026-11-25T08:05:00.000Z' });
    expect(last().staff?.lockedUntil).toBe('2026-11-25T08:05:00.000Z');
    await core.close();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
    await core.tapBadge('1006');
    expect(await core.verifyPin('2468')).toMatchObject({ outcome: 'locked' });
    vi.setSystemTime(new Date('2026-11-25T08:05:01Z'));
    expect(await core.verifyPin('2468')).toEqual({ outcome: 'ok' });
    await core.close();
    const db = new Database(`${dataDir}/${DB_FILE_NAME}`, { readonly: true });
    const rows = db.prepare("SELECT kind, detail FROM events WHERE kind LIKE 'pin-%' ORDER BY id").all() as { kind: string; detail: string }[];
    db.close();
    expect(rows.map((r) => r.kind)).toEqual(['pin-wrong', 'pin-wrong', 'pin-wrong', 'pin-wrong', 'pin-lockout', 'pin-refused-locked', 'pin-accepted']);
    expect(JSON.stringify(rows)).not.toMatch(/9999|2468/);
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
  });

  it('idle sign-out closes the board', async () => {
    await core.tapBadge('1006');
    await core.verifyPin('2468');
    await vi.advanceTimersByTimeAsync(config.idleTimeoutSeconds * 1000 + 10);
    expect(last().staff).toBeNull();
    await expect(core.getStationBoard()).rejects.toMatchObject({ code: 'bad-request' });
  });
});
