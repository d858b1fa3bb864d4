import { describe, expect, it } from 'vitest';
import {
  deriveScreen, readerBanner, reconcileWithSnapshot, screenLanguage, visibleNotice, type DoneState, type PlayState,
} from '../../../renderer/src/state/screen';
import { baseSnapshot, lesson, signedIn } from './fixtures';

const play: PlayState = { completionId: '00000000-0000-4000-8000-000000000001', workerId: 'w-1001', lesson, cardIndex: 0, answers: {} };
const done: DoneState = { workerId: 'w-1001', lessonId: 'lockout-basics', lessonTitle: 'Lockout basics', score: 1, passed: true };

describe('screen derivation', () => {
  it('shows only the error screen when the core cannot run', () => {
    const broken = {
      ...signedIn(),
      status: 'error' as const,
      error: { title: 'Database locked', detail: 'kiosk.db is locked', fix: 'Close the other kiosk' },
    };
    expect(deriveScreen(broken, play, done)).toEqual({ kind: 'error', error: broken.error });
    expect(deriveScreen({ ...broken, error: null }, null, null).kind).toBe('error');
  });

  it('goes attract -> greeting -> player -> done as the session and lesson progress', () => {
    expect(deriveScreen(null, null, null).kind).toBe('loading');
    expect(deriveScreen(baseSnapshot, null, null).kind).toBe('attract');
    expect(deriveScreen(signedIn(), null, null).kind).toBe('greeting');
    expect(deriveScreen(signedIn(), play, null).kind).toBe('player');
    expect(deriveScreen(signedIn(), null, done).kind).toBe('done');
  });

  it('shows the storage screen over any lesson while the data dir refuses writes, but lets site IT into diagnostics', () => {
    const storage = { kind: 'full' as const, dataDir: '/data', detail: 'Storage is full - tell site IT.', since: '2026-12-01T08:00:00.000Z' };
    expect(deriveScreen({ ...baseSnapshot, storage }, null, null).kind).toBe('storage');
    expect(deriveScreen({ ...signedIn(), storage }, play, null).kind).toBe('storage');
    expect(deriveScreen({ ...signedIn(), storage, staff: { kind: 'diagnostics', stage: 'open', name: null, lockedUntil: null, pinConfigured: true } }, null, null).kind).toBe('diagnostics');
    expect(deriveScreen({ ...signedIn(), storage: null }, play, null).kind).toBe('player');
  });

  it('never shows another worker the previous worker lesson or score', () => {
    const other = signedIn('w-2002', 'Luis');
    expect(deriveScreen(other, play, done).kind).toBe('greeting');
    expect(reconcileWithSnapshot({ play, done }, other)).toEqual({ play: null, done: null });
    expect(reconcileWithSnapshot({ play, done: null }, signedIn())).toEqual({ play, done: null });
    expect(reconcileWithSnapshot({ play, done }, baseSnapshot)).toEqual({ play: null, done: null });
  });

  it('speaks the worker language when signed in, else the terminal one', () => {
    expect(screenLanguage(baseSnapshot)).toBe('en');
    expect(screenLanguage(signedIn('w-3', 'Rosa', 'es'))).toBe('es');
  });

  it('raises a reader banner only for a hid reader that is not connected', () => {
    expect(readerBanner(baseSnapshot)).toBeNull();
    const hid = (state: 'connected' | 'disconnected' | 'unavailable') => ({
      ...baseSnapshot,
      reader: { mode: 'hid' as const, state, detail: state === 'connected' ? null : 'USB 08ff:0009 not found', lastReadAt: null },
    });
    expect(readerBanner(hid('connected'))).toBeNull();
    expect(readerBanner(hid('disconnected'))).toEqual({ kind: 'disconnected', detail: 'USB 08ff:0009 not found' });
    expect(readerBanner(hid('unavailable'))?.kind).toBe('unavailable');
  });

  it('shows a notice once, while fresh', () => {
    const at = '2026-11-25T10:00:00.000Z';
    const withNotice = { ...baseSnapshot, notice: { code: 'unknown-badge' as const, params: {}, at } };
    const t = Date.parse(at);
    expect(visibleNotice(withNotice, null, null, t + 1000)?.code).toBe('unknown-badge');
    expect(visibleNotice(withNotice, null, at, t + 1000)).toBeNull();
    expect(visibleNotice(withNotice, null, null, t + 60_000)).toBeNull();
  });
});
