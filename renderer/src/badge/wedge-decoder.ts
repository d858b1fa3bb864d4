/**
 * Keyboard-wedge badge capture: tells a badge reader's burst of keystrokes from a person typing.
 *
 * A wedge reader is a USB keyboard as far as the OS knows. It types the badge id with 20-50 ms between
 * keys and presses Enter at the end. People type slower, and on a kiosk they hardly type at all (the
 * screens are touch; the PIN pad also takes keyboard digits). The rules, all judged by the keys' own
 * event times (KeyboardEvent.timeStamp), never by when this code happens to run:
 *
 * - Badge-like keys (visible characters, not space) are held back from the page while they come
 *   less than `slowGapMs` apart: a run of them may be a badge, however slowly it is typed.
 * - A run ending in Enter is a badge when it has at least `minLength` characters and every gap,
 *   Enter's included, is at most `maxInterKeyMs`. A run of that length ending in Enter with a slower
 *   gap is a read that fell apart: rejected, and its Enter never reaches the page (it would press
 *   the focused button). A shorter run is a person (a digit, then Enter).
 * - A run that stops (a pause longer than `slowGapMs`, or a key such as Tab) goes to the page as typing,
 *   unless it was fast and long enough to be a reader (`scannerRunLength`): then it is a garbled read.
 *
 * Pure and DOM-free: time comes in with each key, and the decoder says when it needs a timer.
 *
 * Contract with the caller (the renderer's capture-phase `keydown` listener on window):
 * - Pass every keydown as `{ key: event.key, timeMs: event.timeStamp }`, except auto-repeats
 *   (`event.repeat`) and keys pressed with Ctrl, Alt or Meta: those are never badge characters and
 *   should go to the page untouched (do not call the decoder for them).
 * - If the step says `consumed`, call `preventDefault()` and `stopPropagation()` on the event: the
 *   decoder now holds that key, so a scanner's keystrokes never reach the page.
 * - Act on `outputs` in order, before the current key (if not consumed) reaches the page:
 *   'burst' -> `tapBadge(badge)`; 'human' -> deliver those keys to the page as if typed (they were
 *   held only to see whether a badge followed); 'rejected' -> tell the worker the read failed and log
 *   the reason (the detail never contains the badge characters); nothing reaches the page.
 * - Keep one timer: whenever a step returns `flushDueAt`, (re)arm it for that time on the clock of
 *   event.timeStamp (`performance.now()`), and when it fires call `flush(performance.now())` and act
 *   on its outputs the same way; `flushDueAt: null` means cancel it. The timer only gives a person's
 *   keys back (or gives up on a reader that never sent Enter): a key that arrives after the timer
 *   fired but within the gap by its own timestamp still continues the run, so a busy machine that
 *   delivers a burst late never splits it.
 * - Modifier keys (Shift etc.) and keys the decoder does not hold are never consumed.
 */

export interface WedgeKeyEvent {
  /** KeyboardEvent.key: a single character, or a name such as 'Enter', 'Shift', 'Tab'. */
  key: string;
  timeMs: number;
}

export type WedgeRejectReason = 'oversized' | 'non-printable' | 'unterminated' | 'too-slow';

export type WedgeOutput =
  | { kind: 'burst'; badge: string }
  | { kind: 'human'; keys: string[] }
  | { kind: 'rejected'; reason: WedgeRejectReason; detail: string };

export interface WedgeFlush {
  outputs: WedgeOutput[];
  /** When the caller must call flush() if no key arrives first; null = no timer needed. */
  flushDueAt: number | null;
}

export interface WedgeStep extends WedgeFlush {
  /** The decoder holds or discarded this key: the caller must keep it from the page. */
  consumed: boolean;
}

export interface WedgeDecoderOptions {
  /** Longest gap between two keys of one badge read. */
  maxInterKeyMs?: number;
  /** A run shorter than this ending in Enter is a person (e.g. a digit then Enter), not a badge. */
  minLength?: number;
  /** A burst longer than this is rejected whole. */
  maxLength?: number;
  /**
   * A fast run of this many characters cannot be a person typing, so if it then breaks (a stray
   * control key, or no Enter) it is a garbled read and is rejected, not shown to the page.
   */
  scannerRunLength?: number;
}

/** Defaults, documented in kiosk-config/README.md ("Badge reader timing"). */
export const WEDGE_DEFAULTS = { maxInterKeyMs: 100, minLength: 3, maxLength: 128, scannerRunLength: 4 } as const;

/** Keys closer than this (and than 2.5 x maxInterKeyMs) belong to one run that may be a slow badge read. */
export const SLOW_RUN_GAP_MS = 250;
/** A fast run with no Enter is given up as a garbled read this long after its last key. */
export const UNTERMINATED_AFTER_MS = 1000;

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'OS']);

/** One visible character (one code point, not a control character or space): what a badge is made of. */
function isBadgeLike(key: string): boolean {
  return [...key].length === 1 && !/[\p{Cc}\s]/u.test(key);
}

export function createWedgeDecoder(options: WedgeDecoderOptions = {}): WedgeDecoder {
  const { maxInterKeyMs, minLength, maxLength, scannerRunLength } = { ...WEDGE_DEFAULTS, ...options };
  const slowGapMs = Math.max(SLOW_RUN_GAP_MS, Math.ceil(maxInterKeyMs * 2.5));

  /** idle: nothing held; run: badge-like keys in progress; discarding: swallowing the rest of a rejected read. */
  let mode: 'idle' | 'run' | 'discarding' = 'idle';
  let keys: string[] = [];
  /** Leading keys of the run already given to the page by the timer. */
  let released = 0;
  /** Longest gap inside the run, by event time. */
  let widestGap = 0;
  let lastAt = 0;

  const fast = () => widestGap <= maxInterKeyMs;
  const couldBePerson = () => !fast() || keys.length < scannerRunLength;
  const dueAt = (): number | null => {
    if (mode === 'discarding') return lastAt + slowGapMs + 1;
    if (mode !== 'run') return null;
    if (couldBePerson()) return released < keys.length ? lastAt + slowGapMs + 1 : null;
    return lastAt + UNTERMINATED_AFTER_MS;
  };

  function toIdle(): void {
    mode = 'idle';
    keys = [];
    released = 0;
    widestGap = 0;
  }

  function release(): WedgeOutput[] {
    const held = keys.slice(released);
    released = keys.length;
    return held.length > 0 ? [{ kind: 'human', keys: held }] : [];
  }

  function reject(reason: WedgeRejectReason, detail: string): WedgeOutput {
    mode = 'discarding';
    keys = [];
    released = 0;
    return { kind: 'rejected', reason, detail };
  }

  /** The run stopped without Enter: a person's keys go to the page, a reader's garbled burst does not. */
  function endRun(): WedgeOutput[] {
    if (mode !== 'run') {
      toIdle();
      return [];
    }
    const outputs = couldBePerson() || released > 0
      ? release()
      : [reject('unterminated', `${keys.length}-character burst without Enter (check that the reader sends Enter after the badge)`)];
    toIdle();
    return outputs;
  }

  function enter(gap: number): WedgeStep {
    const widest = Math.max(widestGap, gap);
    if (keys.length < minLength) {
      // A person: a digit or two, then Enter on the focused button.
      const outputs = release();
      toIdle();
      return { consumed: false, outputs, flushDueAt: null };
    }
    const length = keys.length;
    const badge = keys.join('');
    toIdle();
    if (widest <= maxInterKeyMs) return { consumed: true, outputs: [{ kind: 'burst', badge }], flushDueAt: null };
    const output: WedgeOutput = { kind: 'rejected', reason: 'too-slow', detail: `${length}-character read with a ${Math.round(widest)} ms gap between keys (longest allowed ${maxInterKeyMs} ms)` };
    return { consumed: true, outputs: [output], flushDueAt: null };
  }

  function key({ key, timeMs }: WedgeKeyEvent): WedgeStep {
    if (MODIFIERS.has(key)) return { consumed: false, outputs: [], flushDueAt: dueAt() };

    const gap = timeMs - lastAt;
    const outputs: WedgeOutput[] = mode !== 'idle' && gap > slowGapMs ? endRun() : [];
    const badgeLike = isBadgeLike(key);

    if (mode === 'discarding') {
      lastAt = timeMs;
      if (key === 'Enter') toIdle();
      return { consumed: true, outputs, flushDueAt: dueAt() };
    }

    if (mode === 'idle') {
      if (!badgeLike) return { consumed: false, outputs, flushDueAt: null };
      mode = 'run';
      keys = [key];
      lastAt = timeMs;
      return { consumed: true, outputs, flushDueAt: dueAt() };
    }

    // mode === 'run'
    lastAt = timeMs;
    if (key === 'Enter') {
      const step = enter(gap);
      return { ...step, outputs: [...outputs, ...step.outputs] };
    }
    if (badgeLike) {
      if (keys.length >= maxLength) {
        outputs.push(reject('oversized', `burst longer than ${maxLength} characters`));
      } else {
        keys.push(key);
        widestGap = Math.max(widestGap, gap);
      }
      return { consumed: true, outputs, flushDueAt: dueAt() };
    }
    if (!couldBePerson() && released === 0) {
      outputs.push(reject('non-printable', `burst contained the non-character key "${key}"`));
      return { consumed: true, outputs, flushDueAt: dueAt() };
    }
    // A person pressed e.g. Backspace or Tab after a character: give both back in order.
    outputs.push(...release());
    toIdle();
    return { consumed: false, outputs, flushDueAt: null };
  }

  function flush(nowMs: number): WedgeFlush {
    const due = dueAt();
    if (due === null) return { outputs: [], flushDueAt: null };
    if (nowMs < due) return { outputs: [], flushDueAt: due };
    if (mode === 'discarding') {
      toIdle();
      return { outputs: [], flushDueAt: null };
    }
    // A person's keys go to the page now, but the run stays open: a key stamped within the gap
    // (delivered late by a busy machine) still continues it.
    if (couldBePerson()) return { outputs: release(), flushDueAt: null };
    const outputs = endRun();
    return { outputs, flushDueAt: dueAt() };
  }

  return { key, flush };
}

export interface WedgeDecoder {
  key(event: WedgeKeyEvent): WedgeStep;
  flush(nowMs: number): WedgeFlush;
}
