import type { KioskApi, KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { createWedgeDecoder, type WedgeDecoder, type WedgeOutput } from '../badge/wedge-decoder';
import type { KioskStore } from '../state/store';

/**
 * Keyboard-wedge capture in the page: a badge reader that types the badge as keystrokes must never
 * type into the page, and a person's keys must still work. Every key is shown to the decoder first
 * (capture phase on window, before any element sees it); keys it holds are kept from the page and
 * given back, as synthetic events, once the decoder knows a person typed them. A read that fell
 * apart tells the worker to tap again and is logged with its reason.
 */

export interface WedgeCaptureOptions {
  /** When the key was pressed (KeyboardEvent.timeStamp by default). */
  timeOf?: (event: KeyboardEvent) => number;
}

type WedgeParams = KioskSnapshot['wedge'];

function sameParams(a: WedgeParams | null, b: WedgeParams): boolean {
  return !!a && a.maxInterKeyMs === b.maxInterKeyMs && a.minLength === b.minLength && a.maxLength === b.maxLength;
}

export function installWedgeCapture(
  target: Window,
  store: KioskStore,
  api: Pick<KioskApi, 'logEvent'>,
  { timeOf = (event) => event.timeStamp }: WedgeCaptureOptions = {},
): () => void {
  let decoder = createWedgeDecoder();
  let params: WedgeParams | null = null;
  /** The decoder holds keys (its last answer asked for a timer): new parameters wait until it is done. */
  let holding = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Keys this module gives back to the page; they must not be decoded a second time. */
  const replayed = new WeakSet<Event>();

  /** Before the first snapshot the decoder runs with its defaults, so a tap in the first instant after loading is not lost. */
  const currentDecoder = (wedge: WedgeParams | null): WedgeDecoder => {
    if (wedge && !holding && !sameParams(params, wedge)) {
      params = wedge;
      decoder = createWedgeDecoder(wedge);
    }
    return decoder;
  };

  const giveBack = (key: string) => {
    const element = target.document.activeElement ?? target.document.body;
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    replayed.add(event);
    element.dispatchEvent(event);
  };

  const act = (outputs: WedgeOutput[]) => {
    for (const output of outputs) {
      if (output.kind === 'burst') void store.getState().tapBadge(output.badge);
      else if (output.kind === 'human') output.keys.forEach(giveBack);
      else {
        store.getState().badgeReadFailed();
        api.logEvent({ kind: 'badge-read-failed', detail: `${output.reason}: ${output.detail}` }).catch(() => undefined);
      }
    }
  };

  /**
   * Waits, from the moment the last key was received, as long as the decoder asked past that key's
   * own time, then tells the decoder its due time has come. Keys delivered late (a busy machine, or
   * a burst stamped faster than it arrives) never make a timer fire between two keys of one read:
   * only a real pause since the last key received does.
   */
  const arm = (dueAt: number | null, from: number) => {
    holding = dueAt !== null;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (dueAt === null) return;
    timer = setTimeout(() => {
      timer = null;
      const { outputs, flushDueAt } = decoder.flush(dueAt);
      act(outputs);
      arm(flushDueAt, dueAt);
    }, Math.max(0, dueAt - from));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (replayed.has(event) || event.repeat || event.ctrlKey || event.altKey || event.metaKey) return;
    const snapshot = store.getState().snapshot;
    if (snapshot && (snapshot.status !== 'ready' || snapshot.reader.mode !== 'wedge')) return;
    const step = currentDecoder(snapshot?.wedge ?? null).key({ key: event.key, timeMs: timeOf(event) });
    if (step.consumed) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    act(step.outputs);
    arm(step.flushDueAt, timeOf(event));
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    if (timer !== null) clearTimeout(timer);
  };
}
