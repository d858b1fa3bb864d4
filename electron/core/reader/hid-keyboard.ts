/**
 * Decoding of USB HID boot-keyboard input reports, the format a badge reader in raw HID mode sends.
 *
 * A report is 8 bytes: modifier bits, a reserved byte, then up to 6 keycodes of the keys held down
 * right now (0 = empty slot). Some stacks (node-hid on Windows, readers with several reports) put a
 * report-id byte in front, giving 9 bytes. A report describes state, not events: a key press is a
 * keycode present in this report that was absent from the previous one, so a key still held across
 * reports (rollover) is typed once, and typing "11" needs a release in between, exactly as on a PC.
 *
 * The keycode table is the US layout, which is what readers emulate regardless of the PC's layout.
 */

const MOD_LEFT_SHIFT = 0x02;
const MOD_RIGHT_SHIFT = 0x20;
/** Sent in every slot when too many keys are down; says nothing about which keys, so it is ignored. */
const KEY_ERROR_ROLLOVER = 0x01;
const KEY_ENTER = 0x28;
const KEY_KEYPAD_ENTER = 0x58;

export interface BootKeyboardReport {
  shift: boolean;
  /** Keycodes currently held, empty slots removed. */
  keycodes: number[];
}

/** Parses one input report; null for a length that is not a boot-keyboard report or a rollover-error report. */
export function parseBootReport(data: Uint8Array): BootKeyboardReport | null {
  let body: Uint8Array;
  if (data.length === 8) body = data;
  else if (data.length === 9) body = data.subarray(1);
  else return null;
  const keycodes = Array.from(body.subarray(2, 8)).filter((k) => k !== 0);
  if (keycodes.includes(KEY_ERROR_ROLLOVER)) return null;
  return { shift: (body[0]! & (MOD_LEFT_SHIFT | MOD_RIGHT_SHIFT)) !== 0, keycodes };
}

const LETTERS_FROM = 0x04; // a .. z = 0x04 .. 0x1d
const DIGITS = '1234567890'; // 0x1e .. 0x27
const SHIFTED_DIGITS = '!@#$%^&*()';
/** 0x2c .. 0x38, with 0x32 (non-US #) left out as readers never send it. */
const PUNCTUATION: Record<number, [string, string]> = {
  0x2c: [' ', ' '],
  0x2d: ['-', '_'],
  0x2e: ['=', '+'],
  0x2f: ['[', '{'],
  0x30: [']', '}'],
  0x31: ['\\', '|'],
  0x33: [';', ':'],
  0x34: ["'", '"'],
  0x35: ['`', '~'],
  0x36: [',', '<'],
  0x37: ['.', '>'],
  0x38: ['/', '?'],
};
/** Keypad keys: some readers type digits on the numeric keypad. Not affected by shift. */
const KEYPAD: Record<number, string> = {
  0x54: '/',
  0x55: '*',
  0x56: '-',
  0x57: '+',
  0x59: '1',
  0x5a: '2',
  0x5b: '3',
  0x5c: '4',
  0x5d: '5',
  0x5e: '6',
  0x5f: '7',
  0x60: '8',
  0x61: '9',
  0x62: '0',
  0x63: '.',
};

export type HidKey = { kind: 'char'; char: string } | { kind: 'enter' } | { kind: 'other'; keycode: number };

export function decodeKeycode(keycode: number, shift: boolean): HidKey {
  if (keycode === KEY_ENTER || keycode === KEY_KEYPAD_ENTER) return { kind: 'enter' };
  if (keycode >= LETTERS_FROM && keycode < LETTERS_FROM + 26) {
    const letter = String.fromCharCode(0x61 + keycode - LETTERS_FROM);
    return { kind: 'char', char: shift ? letter.toUpperCase() : letter };
  }
  if (keycode >= 0x1e && keycode <= 0x27) {
    const i = keycode - 0x1e;
    return { kind: 'char', char: (shift ? SHIFTED_DIGITS : DIGITS)[i]! };
  }
  const punct = PUNCTUATION[keycode];
  if (punct) return { kind: 'char', char: shift ? punct[1] : punct[0] };
  const keypad = KEYPAD[keycode];
  if (keypad) return { kind: 'char', char: keypad };
  return { kind: 'other', keycode };
}

export type HidAssemblerOutput = { kind: 'badge'; raw: string } | { kind: 'dropped'; reason: string };

export interface HidBadgeAssembler {
  /** Feeds one input report received at `atMs`; returns what completed with it (usually nothing). */
  push(report: Uint8Array, atMs: number): HidAssemblerOutput[];
  /** Forgets a partial read and the held keys, e.g. after the reader was unplugged. */
  reset(): void;
}

export interface HidBadgeAssemblerOptions {
  /** A read longer than this is dropped whole: it is noise or a stuck key, not a badge. */
  maxLength: number;
  /**
   * A reader types a badge in one go. Characters left waiting longer than this without Enter are a
   * broken read; they are dropped so they cannot become the front of the next badge.
   */
  maxGapMs?: number;
}

/** Turns a stream of reports into badge strings, one per Enter. */
export function createHidBadgeAssembler({ maxLength, maxGapMs = 1000 }: HidBadgeAssemblerOptions): HidBadgeAssembler {
  let held = new Set<number>();
  let buffer = '';
  let lastKeyAt = 0;
  /** Set once a read went wrong (and was reported): the rest of it up to Enter is discarded. */
  let discarding = false;

  function reset(): void {
    held = new Set();
    buffer = '';
    discarding = false;
  }

  function drop(reason: string, out: HidAssemblerOutput[]): void {
    out.push({ kind: 'dropped', reason });
    buffer = '';
    discarding = true;
  }

  function push(data: Uint8Array, atMs: number): HidAssemblerOutput[] {
    const report = parseBootReport(data);
    if (!report) return [];
    const out: HidAssemblerOutput[] = [];
    const pressed = report.keycodes.filter((k) => !held.has(k));
    held = new Set(report.keycodes);
    if (pressed.length === 0) return out;

    if (atMs - lastKeyAt > maxGapMs) {
      if (buffer !== '') out.push({ kind: 'dropped', reason: `incomplete read (${buffer.length} character${buffer.length === 1 ? '' : 's'}, no Enter within ${maxGapMs} ms)` });
      buffer = '';
      discarding = false;
    }
    lastKeyAt = atMs;

    for (const keycode of pressed) {
      const key = decodeKeycode(keycode, report.shift);
      if (key.kind === 'enter') {
        if (!discarding && buffer !== '') out.push({ kind: 'badge', raw: buffer });
        buffer = '';
        discarding = false;
      } else if (discarding) {
        continue;
      } else if (key.kind === 'other') {
        drop(`read contained a non-character key (HID keycode 0x${keycode.toString(16).padStart(2, '0')})`, out);
      } else if (buffer.length >= maxLength) {
        drop(`read longer than ${maxLength} characters`, out);
      } else {
        buffer += key.char;
      }
    }
    return out;
  }

  return { push, reset };
}
