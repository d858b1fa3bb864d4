import { describe, expect, it } from 'vitest';
import { createWedgeDecoder, type WedgeDecoder, type WedgeOutput } from '../../../renderer/src/badge/wedge-decoder';

/**
 * Plays keys into the decoder the way the renderer does: a timer fires at flushDueAt when no key
 * arrives before it. Returns everything the page or the core would see, in order.
 */
function play(decoder: WedgeDecoder, keys: Array<[key: string, timeMs: number]>, endMs = 10_000) {
  const seen: Array<WedgeOutput | { kind: 'page'; key: string }> = [];
  let due: number | null = null;
  const fireTimerUntil = (t: number) => {
    if (due !== null && due <= t) {
      const f = decoder.flush(due);
      seen.push(...f.outputs);
      due = f.flushDueAt;
    }
  };
  for (const [key, timeMs] of keys) {
    fireTimerUntil(timeMs);
    const step = decoder.key({ key, timeMs });
    seen.push(...step.outputs);
    if (!step.consumed) seen.push({ kind: 'page', key });
    due = step.flushDueAt;
  }
  fireTimerUntil(endMs);
  return seen;
}

/** Keys typed `gapMs` apart starting at `startMs`. */
const typed = (text: string[], gapMs: number, startMs = 1000): Array<[string, number]> => text.map((k, i) => [k, startMs + i * gapMs]);
const chars = (s: string) => [...s];

describe('wedge decoder: scanner bursts', () => {
  it.each([20, 35, 50])('takes "1001" + Enter typed %i ms apart as one badge, nothing reaching the page', (gap) => {
    expect(play(createWedgeDecoder(), typed([...chars('1001'), 'Enter'], gap))).toEqual([{ kind: 'burst', badge: '1001' }]);
  });

  it('honours a configured longer gap', () => {
    const decoder = createWedgeDecoder({ maxInterKeyMs: 80 });
    expect(play(decoder, typed([...chars('A1B2'), 'Enter'], 75))).toEqual([{ kind: 'burst', badge: 'A1B2' }]);
  });

  it('lets Shift inside a burst pass without breaking it (upper-case badges)', () => {
    const keys: Array<[string, number]> = [['Shift', 1000], ['A', 1010], ['1', 1040], ['2', 1070], ['Enter', 1100]];
    expect(play(createWedgeDecoder(), keys)).toEqual([{ kind: 'page', key: 'Shift' }, { kind: 'burst', badge: 'A12' }]);
  });

  it('handles two badges back to back', () => {
    const keys = [...typed([...chars('1001'), 'Enter'], 30, 1000), ...typed([...chars('2002'), 'Enter'], 30, 1400)];
    expect(play(createWedgeDecoder(), keys)).toEqual([
      { kind: 'burst', badge: '1001' },
      { kind: 'burst', badge: '2002' },
    ]);
  });
});

describe('wedge decoder: people typing', () => {
  it.each([80, 100, 120])('gives keys typed %i ms apart back to the page in order', (gap) => {
    const out = play(createWedgeDecoder(), typed([...chars('1234'), 'Enter'], gap));
    expect(out).toEqual([
      { kind: 'human', keys: ['1'] },
      { kind: 'human', keys: ['2'] },
      { kind: 'human', keys: ['3'] },
      { kind: 'human', keys: ['4'] },
      { kind: 'page', key: 'Enter' },
    ]);
  });

  it('gives back two keys rolled together fast, then a pause, as typing', () => {
    const out = play(createWedgeDecoder(), [['t', 1000], ['h', 1030], ['e', 1200]]);
    expect(out).toEqual([
      { kind: 'human', keys: ['t', 'h'] },
      { kind: 'human', keys: ['e'] },
    ]);
  });

  it('releases a held key when the next key arrives late even if the timer has not fired yet', () => {
    const decoder = createWedgeDecoder();
    decoder.key({ key: '7', timeMs: 0 });
    const step = decoder.key({ key: '8', timeMs: 300 });
    expect(step.outputs).toEqual([{ kind: 'human', keys: ['7'] }]);
    expect(step.consumed).toBe(true);
  });

  it('lets Enter alone, arrows and Tab through untouched', () => {
    const out = play(createWedgeDecoder(), [['Enter', 1000], ['ArrowDown', 1010], ['Tab', 1020]]);
    expect(out).toEqual([
      { kind: 'page', key: 'Enter' },
      { kind: 'page', key: 'ArrowDown' },
      { kind: 'page', key: 'Tab' },
    ]);
  });

  it('treats a digit followed quickly by Enter as a person pressing a button, not a badge', () => {
    expect(play(createWedgeDecoder({ minLength: 3 }), [['5', 1000], ['Enter', 1020]])).toEqual([
      { kind: 'human', keys: ['5'] },
      { kind: 'page', key: 'Enter' },
    ]);
  });

  it('gives back a character and a quick Backspace in order', () => {
    expect(play(createWedgeDecoder(), [['x', 1000], ['Backspace', 1030]])).toEqual([
      { kind: 'human', keys: ['x'] },
      { kind: 'page', key: 'Backspace' },
    ]);
  });

  it('asks for a timer just after the gap and none once idle', () => {
    const decoder = createWedgeDecoder({ maxInterKeyMs: 50 });
    expect(decoder.key({ key: '1', timeMs: 100 }).flushDueAt).toBe(151);
    expect(decoder.flush(150)).toEqual({ outputs: [], flushDueAt: 151 });
    expect(decoder.flush(151)).toEqual({ outputs: [{ kind: 'human', keys: ['1'] }], flushDueAt: null });
    expect(decoder.flush(500)).toEqual({ outputs: [], flushDueAt: null });
  });
});

describe('wedge decoder: garbage and oversized bursts', () => {
  it('rejects a 200-character burst once and keeps all of it, and its Enter, from the page', () => {
    const keys = typed([...chars('9'.repeat(200)), 'Enter'], 10);
    const out = play(createWedgeDecoder({ maxLength: 32 }), keys);
    expect(out).toEqual([{ kind: 'rejected', reason: 'oversized', detail: 'burst longer than 32 characters' }]);
  });

  it('accepts a burst of exactly maxLength characters', () => {
    const badge = '7'.repeat(32);
    expect(play(createWedgeDecoder({ maxLength: 32 }), typed([...chars(badge), 'Enter'], 10))).toEqual([{ kind: 'burst', badge }]);
  });

  it('rejects a burst with a non-printable key in it, without naming the badge', () => {
    const out = play(createWedgeDecoder(), typed([...chars('1234'), 'Unidentified', ...chars('56'), 'Enter'], 20));
    expect(out).toEqual([{ kind: 'rejected', reason: 'non-printable', detail: 'burst contained the non-character key "Unidentified"' }]);
  });

  it('rejects a fast burst that never sends Enter instead of typing it into the page', () => {
    const out = play(createWedgeDecoder(), typed(chars('100100'), 25));
    expect(out).toEqual([
      { kind: 'rejected', reason: 'unterminated', detail: '6-character burst without Enter (check that the reader sends Enter after the badge)' },
    ]);
  });

  it('recovers after a rejected burst: the next badge reads normally', () => {
    const keys = [...typed([...chars('9'.repeat(50)), 'Enter'], 10, 1000), ...typed([...chars('1001'), 'Enter'], 30, 3000)];
    const out = play(createWedgeDecoder({ maxLength: 32 }), keys);
    expect(out.at(-1)).toEqual({ kind: 'burst', badge: '1001' });
    expect(out.filter((o) => o.kind === 'rejected')).toHaveLength(1);
  });

  it('recovers after an oversized burst that ended without Enter', () => {
    const keys = [...typed(chars('9'.repeat(50)), 10, 1000), ['q', 3000] as [string, number]];
    const out = play(createWedgeDecoder({ maxLength: 32 }), keys);
    expect(out).toEqual([
      { kind: 'rejected', reason: 'oversized', detail: 'burst longer than 32 characters' },
      { kind: 'human', keys: ['q'] },
    ]);
  });
});
