/**
 * Keyboard-wedge badge capture: tells a badge reader's burst of keystrokes from a person typing.
 *
 * A wedge reader is a USB keyboard as far as the OS knows. It types the badge id with at most
 * `maxInterKeyMs` (default 50 ms; real readers do 20-50 ms) between keys and presses Enter at the end.
 * People type slower (80-120 ms between keys is already fast), except for the odd pair of keys
 * rolled together, so: a run of fast keys ending in Enter is a badge; anything slower is a person.
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
 *   held only to see whether a burst followed); 'rejected' -> `logEvent` with the reason (the detail
 *   never contains the badge characters) and nothing reaches the page.
 * - Keep one timer: whenever a step returns `flushDueAt`, (re)arm it for that time, and when it fires
 *   call `flush(performance.now())` (the clock of event.timeStamp) and act on its outputs the same way; `flushDueAt: null` means cancel it. This
 *   releases a person's key about `maxInterKeyMs` after it was pressed, and ends a burst with no Enter.
 * - Modifier keys (Shift etc.) and keys the decoder does not hold are never consumed.
 */

export interface WedgeKeyEvent {
  /** KeyboardEvent.key: a single character, or a name such as 'Enter', 'Shift', 'Tab'. */
  key: string;
  timeMs: number;
}

export type WedgeRejectReason = 'oversized' | 'non-printable' | 'unterminated';

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
  /** Longest gap between two keys of one burst. */
  maxInterKeyMs?: number;
  /** A fast run shorter than this ending in Enter is a person (e.g. a digit then Enter), not a badge. */
  minLength?: number;
  /** A burst longer than this is rejected whole. */
  maxLength?: number;
  /**
   * A fast run of this many characters cannot be a person typing, so if it then breaks (a stray
   * control key, or no Enter before the gap) it is a garbled read and is rejected, not shown to the page.
   */
  scannerRunLength?: number;
}

export interface WedgeDecoder {
  key(event: WedgeKeyEvent): WedgeStep;
  flush(nowMs: number): WedgeFlush;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'OS']);

/** One visible character (one code point, not a control character); key names like 'Tab' are longer. */
function isPrintable(key: string): boolean {
  const codePoints = [...key];
  return codePoints.length === 1 && !/\p{Cc}/u.test(key);
}

export function createWedgeDecoder(options: WedgeDecoderOptions = {}): WedgeDecoder {
  const maxInterKeyMs = options.maxInterKeyMs ?? 50;
  const minLength = options.minLength ?? 3;
  const maxLength = options.maxLength ?? 128;
  const scannerRunLength = options.scannerRunLength ?? 4;

  /** idle: nothing held; holding: fast run in progress; discarding: swallowing the rest of a rejected burst. */
  let mode: 'idle' | 'holding' | 'discarding' = 'idle';
  let held: string[] = [];
  let lastAt = 0;

  const dueAt = (): number => lastAt + maxInterKeyMs + 1;

  function toIdle(): void {
    mode = 'idle';
    held = [];
  }

  /** The run ended by a pause: decide what the held keys were. */
  function expire(): WedgeOutput[] {
    const keys = held;
    const wasHolding = mode === 'holding';
    toIdle();
    if (!wasHolding || keys.length === 0) return [];
    if (keys.length >= scannerRunLength) {
      return [{ kind: 'rejected', reason: 'unterminated', detail: `${keys.length}-character burst without Enter (check that the reader sends Enter after the badge)` }];
    }
    return [{ kind: 'human', keys }];
  }

  function reject(reason: WedgeRejectReason, detail: string): WedgeOutput {
    mode = 'discarding';
    held = [];
    return { kind: 'rejected', reason, detail };
  }

  function key({ key, timeMs }: WedgeKeyEvent): WedgeStep {
    if (MODIFIERS.has(key)) return { consumed: false, outputs: [], flushDueAt: mode === 'idle' ? null : dueAt() };

    const outputs: WedgeOutput[] = mode !== 'idle' && timeMs - lastAt > maxInterKeyMs ? expire() : [];
    const printable = isPrintable(key);

    if (mode === 'idle') {
      if (!printable) return { consumed: false, outputs, flushDueAt: null };
      mode = 'holding';
      held = [key];
      lastAt = timeMs;
      return { consumed: true, outputs, flushDueAt: dueAt() };
    }

    lastAt = timeMs;
    if (mode === 'discarding') {
      if (key === 'Enter') {
        toIdle();
        return { consumed: true, outputs, flushDueAt: null };
      }
      return { consumed: true, outputs, flushDueAt: dueAt() };
    }

    if (key === 'Enter') {
      const keys = held;
      toIdle();
      if (keys.length >= minLength) return { consumed: true, outputs: [...outputs, { kind: 'burst', badge: keys.join('') }], flushDueAt: null };
      return { consumed: false, outputs: [...outputs, { kind: 'human', keys }], flushDueAt: null };
    }
    if (printable) {
      if (held.length >= maxLength) {
        outputs.push(reject('oversized', `burst longer than ${maxLength} characters`));
      } else {
        held.push(key);
      }
      return { consumed: true, outputs, flushDueAt: dueAt() };
    }
    if (held.length >= scannerRunLength) {
      outputs.push(reject('non-printable', `burst contained the non-character key "${key}"`));
      return { consumed: true, outputs, flushDueAt: dueAt() };
    }
    // A person pressed e.g. Backspace or Tab right after a character: give both back in order.
    const keys = held;
    toIdle();
    return { consumed: false, outputs: [...outputs, { kind: 'human', keys }], flushDueAt: null };
  }

  function flush(nowMs: number): WedgeFlush {
    if (mode === 'idle') return { outputs: [], flushDueAt: null };
    if (nowMs - lastAt <= maxInterKeyMs) return { outputs: [], flushDueAt: dueAt() };
    return { outputs: expire(), flushDueAt: null };
  }

  return { key, flush };
}
