import type { KioskApi, KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { createWedgeDecoder, type WedgeDecoder, type WedgeOutput } from '../badge/wedge-decoder';
import type { KioskStore } from '../state/store';

/**
 * Keyboard-wedge capture in the page: a badge reader that types the badge as keystrokes must never
 * type into the page, and a person's keys must still work. Every key is shown to the decoder first
 * (capture phase on window, before any element sees it); keys it holds are kept from the page and
 * given back, as synthetic events, once the decoder knows a person typed them.
 */

export interface WedgeCaptureOptions {
  /** Clock of KeyboardEvent.timeStamp, used to arm the decoder's flush timer. */
  now?: () => number;
  /** When the key was pressed, on the `now` clock. */
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
  { now = () => target.performance.now(), timeOf = (event) => event.timeStamp }: WedgeCaptureOptions = {},
): () => void {
  let decoder: WedgeDecoder | null = null;
  let params: WedgeParams | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Keys this module gives back to the page; they must not be decoded a second time. */
  const replayed = new WeakSet<Event>();

  const decoderFor = (snapshot: KioskSnapshot): WedgeDecoder => {
    if (!decoder || !sameParams(params, snapshot.wedge)) {
      params = snapshot.wedge;
      decoder = createWedgeDecoder(params);
    }
    return decoder;
  };

  const giveBack = (key: string) => {
    const element = target.document.activeElement ?? target.document.body;
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    replayed.add(event);
    const notPrevented = element.dispatchEvent(event);
    // A synthetic key has no default action, so do what the browser would have done for a button.
    if (notPrevented && (key === ' ' || key === 'Enter') && element instanceof HTMLButtonElement) element.click();
  };

  const act = (outputs: WedgeOutput[]) => {
    for (const output of outputs) {
      if (output.kind === 'burst') void store.getState().tapBadge(output.badge);
      else if (output.kind === 'human') output.keys.forEach(giveBack);
      else {
        // Nowhere to show this to the worker; site IT finds it in the event log.
        api.logEvent({ kind: 'wedge-rejected', detail: `${output.reason}: ${output.detail}` }).catch(() => undefined);
      }
    }
  };

  const arm = (dueAt: number | null) => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (dueAt === null) return;
    timer = setTimeout(() => {
      timer = null;
      if (!decoder) return;
      const { outputs, flushDueAt } = decoder.flush(now());
      act(outputs);
      arm(flushDueAt);
    }, Math.max(0, dueAt - now()));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (replayed.has(event) || event.repeat || event.ctrlKey || event.altKey || event.metaKey) return;
    const snapshot = store.getState().snapshot;
    if (!snapshot || snapshot.status !== 'ready' || snapshot.reader.mode !== 'wedge') return;
    const step = decoderFor(snapshot).key({ key: event.key, timeMs: timeOf(event) });
    if (step.consumed) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    act(step.outputs);
    arm(step.flushDueAt);
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    if (timer !== null) clearTimeout(timer);
  };
}
