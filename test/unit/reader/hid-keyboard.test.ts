import { describe, expect, it } from 'vitest';
import { createHidBadgeAssembler, decodeKeycode, parseBootReport } from '../../../electron/core/reader/hid-keyboard';

const SHIFT = 0x02;
const RIGHT_SHIFT = 0x20;
const ENTER = 0x28;
/** An 8-byte boot-keyboard report as a reader sends it. */
const rep = (mod: number, ...keys: number[]): Uint8Array => {
  const r = new Uint8Array(8);
  r[0] = mod;
  keys.forEach((k, i) => (r[2 + i] = k));
  return r;
};
const RELEASE = rep(0);
/** Key codes of the US layout for the characters used below. */
const KEY: Record<string, number> = { '1': 0x1e, '2': 0x1f, '0': 0x27, a: 0x04, z: 0x1d };

/** Feeds reports 10 ms apart and collects the assembler's output. */
function feed(reports: Uint8Array[], maxLength = 32) {
  const asm = createHidBadgeAssembler({ maxLength });
  return reports.flatMap((r, i) => asm.push(r, i * 10));
}

/** What a typical reader sends for a string: press, release, ..., Enter, release. */
function typed(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const ch of text) {
    out.push(/[A-Z]/.test(ch) ? rep(SHIFT, 0x04 + ch.charCodeAt(0) - 65) : rep(0, KEY[ch]!), RELEASE);
  }
  out.push(rep(0, ENTER), RELEASE);
  return out;
}

describe('parseBootReport', () => {
  it('reads modifiers and keycodes from an 8-byte report', () => {
    expect(parseBootReport(rep(RIGHT_SHIFT, 0x04, 0x05))).toEqual({ shift: true, keycodes: [0x04, 0x05] });
  });
  it('skips the leading report id of a 9-byte report', () => {
    expect(parseBootReport(Uint8Array.from([0x01, 0x00, 0x00, 0x1e, 0, 0, 0, 0, 0]))).toEqual({ shift: false, keycodes: [0x1e] });
  });
  it('ignores other lengths and rollover-error reports', () => {
    expect(parseBootReport(new Uint8Array(4))).toBeNull();
    expect(parseBootReport(rep(0, 1, 1, 1, 1, 1, 1))).toBeNull();
  });
});

describe('decodeKeycode', () => {
  it('maps digits, letters with shift, punctuation, keypad and Enter', () => {
    expect(decodeKeycode(0x1e, false)).toEqual({ kind: 'char', char: '1' });
    expect(decodeKeycode(0x27, false)).toEqual({ kind: 'char', char: '0' });
    expect(decodeKeycode(0x1e, true)).toEqual({ kind: 'char', char: '!' });
    expect(decodeKeycode(0x04, false)).toEqual({ kind: 'char', char: 'a' });
    expect(decodeKeycode(0x1d, true)).toEqual({ kind: 'char', char: 'Z' });
    expect(decodeKeycode(0x2d, false)).toEqual({ kind: 'char', char: '-' });
    expect(decodeKeycode(0x2d, true)).toEqual({ kind: 'char', char: '_' });
    expect(decodeKeycode(0x33, true)).toEqual({ kind: 'char', char: ':' });
    expect(decodeKeycode(0x62, false)).toEqual({ kind: 'char', char: '0' });
    expect(decodeKeycode(0x28, false)).toEqual({ kind: 'enter' });
    expect(decodeKeycode(0x58, false)).toEqual({ kind: 'enter' });
    expect(decodeKeycode(0x2b, false)).toEqual({ kind: 'other', keycode: 0x2b });
  });
});

describe('createHidBadgeAssembler', () => {
  it('assembles a badge from a recorded press/release sequence, ending at Enter', () => {
    expect(feed(typed('1001'))).toEqual([{ kind: 'badge', raw: '1001' }]);
  });

  it('handles upper case letters typed with shift', () => {
    expect(feed(typed('Az12'))).toEqual([{ kind: 'badge', raw: 'Az12' }]);
  });

  it('accepts 9-byte reports carrying a report id', () => {
    const withId = typed('12').map((r) => Uint8Array.from([0, ...r]));
    expect(feed(withId)).toEqual([{ kind: 'badge', raw: '12' }]);
  });

  it('types a key held across reports once (rollover) and a pressed-again key twice', () => {
    // "1" held while "2" goes down, then "1" released and pressed again: 1, 2, 1.
    const reports = [rep(0, 0x1e), rep(0, 0x1e, 0x1f), rep(0, 0x1f), rep(0, 0x1f, 0x1e), RELEASE, rep(0, ENTER), RELEASE];
    expect(feed(reports)).toEqual([{ kind: 'badge', raw: '121' }]);
  });

  it('does not repeat a key whose report is sent twice without a release', () => {
    expect(feed([rep(0, 0x1e), rep(0, 0x1e), RELEASE, rep(0, ENTER), RELEASE])).toEqual([{ kind: 'badge', raw: '1' }]);
  });

  it('ignores empty reports and Enter with nothing typed', () => {
    expect(feed([RELEASE, RELEASE, rep(0, ENTER), RELEASE])).toEqual([]);
  });

  it('yields one badge per Enter for back-to-back reads', () => {
    expect(feed([...typed('11'), ...typed('22')])).toEqual([
      { kind: 'badge', raw: '11' },
      { kind: 'badge', raw: '22' },
    ]);
  });

  it('drops an over-long read once, with a reason, and recovers for the next badge', () => {
    const out = feed([...typed('1'.repeat(40)), ...typed('1001')], 32);
    expect(out).toEqual([
      { kind: 'dropped', reason: 'read longer than 32 characters' },
      { kind: 'badge', raw: '1001' },
    ]);
  });

  it('drops a read containing a non-character key', () => {
    const out = feed([rep(0, 0x1e), RELEASE, rep(0, 0x2b), RELEASE, rep(0, 0x1f), RELEASE, rep(0, ENTER), RELEASE]);
    expect(out).toEqual([{ kind: 'dropped', reason: 'read contained a non-character key (HID keycode 0x2b)' }]);
  });

  it('drops a partial read left without Enter instead of prefixing the next badge with it', () => {
    const asm = createHidBadgeAssembler({ maxLength: 32, maxGapMs: 1000 });
    asm.push(rep(0, 0x1e), 0);
    asm.push(RELEASE, 5);
    const later = typed('22').flatMap((r, i) => asm.push(r, 5000 + i * 10));
    expect(later).toEqual([
      { kind: 'dropped', reason: 'incomplete read (1 character, no Enter within 1000 ms)' },
      { kind: 'badge', raw: '22' },
    ]);
  });
});
