import { describe, expect, it } from 'vitest';
import { createWedgeDecoder, type WedgeDecoder, type WedgeOutput } from '../../../renderer/src/badge/wedge-decoder';

type Seen = WedgeOutput | { kind: 'page'; key: string };

/**
 * Plays keys into the decoder the way the renderer does: a timer fires at flushDueAt when no key
 * arrives before it. Each key is [key, event time] or [key, event time, wall time it was delivered]
 * (a busy machine delivers keys late; the timer runs on wall time). Returns everything the page or
 * the core would see, in order.
 */
function play(decoder: WedgeDecoder, keys: Array<[key: string, timeMs: number, deliveredMs?: number]>, endMs = 10_000): Seen[] {
  const seen: Seen[] = [];
  let due: number | null = null;
  const fireTimerUntil = (t: number) => {
    while (due !== null && due <= t) {
      const f = decoder.flush(due);
      seen.push(...f.outputs);
      due = f.flushDueAt;
    }
  };
  for (const [key, timeMs, deliveredMs = timeMs] of keys) {
    fireTimerUntil(deliveredMs);
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
const pageKeys = (seen: Seen[]) => seen.flatMap((o) => (o.kind === 'page' ? [o.key] : o.kind === 'human' ? o.keys : []));

describe('wedge decoder: scanner bursts', () => {
  it.each([8, 20, 35, 50, 100])('takes "1001" + Enter typed %i ms apart as one badge, nothing reaching the page', (gap) => {
    expect(play(createWedgeDecoder(), typed([...chars('1001'), 'Enter'], gap))).toEqual([{ kind: 'burst', badge: '1001' }]);
  });

  it('honours a configured gap', () => {
    expect(play(createWedgeDecoder({ maxInterKeyMs: 150 }), typed([...chars('A1B2'), 'Enter'], 140))).toEqual([{ kind: 'burst', badge: 'A1B2' }]);
    expect(play(createWedgeDecoder({ maxInterKeyMs: 30 }), typed([...chars('A1B2'), 'Enter'], 40))).toEqual([
      { kind: 'rejected', reason: 'too-slow', detail: '4-character read with a 40 ms gap between keys (longest allowed 30 ms)' },
    ]);
  });

  it('lets Shift inside a burst pass without breaking it (upper-case badges)', () => {
    const keys: Array<[string, number]> = [['Shift', 1000], ['A', 1010], ['1', 1040], ['2', 1070], ['Enter', 1100]];
    expect(play(createWedgeDecoder(), keys)).toEqual([{ kind: 'page', key: 'Shift' }, { kind: 'burst', badge: 'A12' }]);
  });

  it('reads prefix and suffix punctuation (e.g. a magstripe ";1234?") as part of the burst', () => {
    expect(play(createWedgeDecoder(), typed([...chars(';1234?'), 'Enter'], 10))).toEqual([{ kind: 'burst', badge: ';1234?' }]);
  });

  it('handles two badges back to back', () => {
    const keys = [...typed([...chars('1001'), 'Enter'], 30, 1000), ...typed([...chars('2002'), 'Enter'], 30, 1400)];
    expect(play(createWedgeDecoder(), keys)).toEqual([
      { kind: 'burst', badge: '1001' },
      { kind: 'burst', badge: '2002' },
    ]);
  });
});

describe('wedge decoder: a badge never presses a button (issue 10 repro 3)', () => {
  it('a slow read (70 ms between keys, reader limit 50 ms) is a failed read: nothing typed, its Enter swallowed', () => {
    const out = play(createWedgeDecoder({ maxInterKeyMs: 50 }), typed([...chars('1003'), 'Enter'], 70));
    expect(out).toEqual([{ kind: 'rejected', reason: 'too-slow', detail: '4-character read with a 70 ms gap between keys (longest allowed 50 ms)' }]);
  });

  it.each([60, 120, 200, 240])('never gives the page any key of a badge-like run ending in Enter typed %i ms apart', (gap) => {
    const out = play(createWedgeDecoder({ maxInterKeyMs: 50 }), typed([...chars('1003'), 'Enter'], gap));
    expect(pageKeys(out)).toEqual([]);
    expect(out).toHaveLength(1);
  });

  it('one late key inside an otherwise fast read does not let the Enter through', () => {
    const keys: Array<[string, number]> = [['1', 1000], ['0', 1010], ['0', 1180], ['3', 1190], ['Enter', 1200]];
    const out = play(createWedgeDecoder(), keys);
    expect(out).toMatchObject([{ kind: 'rejected', reason: 'too-slow' }]);
  });
});

describe('wedge decoder: judged by event time, not by when the timer fires (issue 10 repro 4, issue 13 item 9)', () => {
  it('a burst stamped 10 ms apart but delivered 400 ms late after its first key is still one badge, not "003"', () => {
    // The first key's timer fires (wall clock) before the rest of the burst is delivered.
    const keys: Array<[string, number, number]> = [['1', 1000, 1000], ['0', 1010, 1400], ['0', 1020, 1401], ['3', 1030, 1402], ['Enter', 1040, 1403]];
    const out = play(createWedgeDecoder(), keys);
    expect(out.filter((o) => o.kind === 'burst')).toEqual([{ kind: 'burst', badge: '1003' }]);
    expect(out.some((o) => o.kind === 'page' && o.key === 'Enter')).toBe(false);
  });

  it('a run whose next key comes late by its own timestamp ends there, even before any timer fired', () => {
    const decoder = createWedgeDecoder();
    decoder.key({ key: '7', timeMs: 0 });
    const step = decoder.key({ key: '8', timeMs: 400 });
    expect(step.outputs).toEqual([{ kind: 'human', keys: ['7'] }]);
    expect(step.consumed).toBe(true);
  });

  it('keys stamped in the future (a test sending timestamps ahead of the clock) are judged by their stamps', () => {
    const keys: Array<[string, number, number]> = [['2', 5000, 0], ['4', 5400, 1], ['6', 5800, 2], ['8', 6200, 3], ['Enter', 6600, 4]];
    expect(pageKeys(play(createWedgeDecoder(), keys))).toEqual(['2', '4', '6', '8', 'Enter']);
  });
});

describe('wedge decoder: people typing', () => {
  it.each([300, 500])('gives keys typed %i ms apart back to the page in order, Enter included', (gap) => {
    const out = play(createWedgeDecoder(), typed([...chars('1234'), 'Enter'], gap));
    expect(out).toEqual([
      { kind: 'human', keys: ['1'] },
      { kind: 'human', keys: ['2'] },
      { kind: 'human', keys: ['3'] },
      { kind: 'human', keys: ['4'] },
      { kind: 'page', key: 'Enter' },
    ]);
  });

  it('gives a lone key back once the pause shows it was typed', () => {
    const decoder = createWedgeDecoder();
    const step = decoder.key({ key: 'a', timeMs: 100 });
    expect(step).toEqual({ consumed: true, outputs: [], flushDueAt: 351 });
    expect(decoder.flush(350)).toEqual({ outputs: [], flushDueAt: 351 });
    expect(decoder.flush(351)).toEqual({ outputs: [{ kind: 'human', keys: ['a'] }], flushDueAt: null });
    expect(decoder.flush(900)).toEqual({ outputs: [], flushDueAt: null });
  });

  it('gives back two keys rolled together fast, then a pause, as typing', () => {
    const out = play(createWedgeDecoder(), [['t', 1000], ['h', 1030], ['e', 1600]]);
    expect(out).toEqual([
      { kind: 'human', keys: ['t', 'h'] },
      { kind: 'human', keys: ['e'] },
    ]);
  });

  it('lets Enter alone, Space, arrows and Tab through untouched', () => {
    const out = play(createWedgeDecoder(), [['Enter', 1000], [' ', 1005], ['ArrowDown', 1010], ['Tab', 1020]]);
    expect(out).toEqual([
      { kind: 'page', key: 'Enter' },
      { kind: 'page', key: ' ' },
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
