import type { KioskCallError, KioskSnapshot, KioskTransport } from '../../../common/contracts/kiosk-api';
import { apiFromCall, KioskCallFailed } from './api-from-call';
import { createSnapshotHub } from './snapshot-hub';

/** The transport in a browser: POST /api/call/<name> and Server-Sent Events from the localhost web host. */

export interface EventSourceLike {
  readonly readyState: number;
  onmessage: ((event: { data: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export interface HttpTransportOptions {
  /** The per-launch token the web host put in index.html. */
  token: string;
  /** Origin of the web host; '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  openEventSource?: (url: string) => EventSourceLike;
  /** The host restarted with a new token: only a reload of the page fetches it. */
  onStaleToken?: () => void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

const eventSourceClosed = 2;
const reconnectDelaysMs = [1000, 2000, 5000, 10_000, 30_000];

export function createHttpTransport(options: HttpTransportOptions): KioskTransport {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const openEventSource = options.openEventSource ?? ((url) => new EventSource(url) as unknown as EventSourceLike);
  const onStaleToken = options.onStaleToken ?? (() => window.location.reload());
  const schedule = options.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  /** POST with the token header; the host's KioskCallError becomes a thrown KioskCallFailed. */
  const post = async (path: string, body: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shiftlearn-Token': options.token },
        body: JSON.stringify(body),
      });
    } catch (err) {
      throw new KioskCallFailed(`The kiosk host is not reachable (${(err as Error).message}). It may be restarting.`, 'unavailable');
    }
    const answer: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = asKioskCallError(answer) ?? { code: 'internal', message: `The kiosk host answered ${response.status}.` };
      if (response.status === 403) throw new HostRefusedToken(error.message, error.code);
      throw new KioskCallFailed(error.message, error.code);
    }
    return answer;
  };

  const api = apiFromCall(async (name, args) => ((await post(`/api/call/${encodeURIComponent(name)}`, { args })) as { result?: unknown } | null)?.result);

  const hub = createSnapshotHub((emit) => {
    let source: EventSourceLike | null = null;
    let timer: unknown = null;
    let failures = 0;
    let stopped = false;

    // The token stays in a header: the stream URL carries a one-time ticket bought with it, and the
    // ticket request tells a host that is down (retry later) from one that restarted (reload the page).
    const connect = async () => {
      timer = null;
      let ticket: string;
      try {
        ticket = ((await post('/api/events/ticket', {})) as { ticket: string }).ticket;
      } catch (err) {
        if (stopped) return;
        if (err instanceof HostRefusedToken) onStaleToken();
        else reconnectLater();
        return;
      }
      if (stopped) return;
      source = openEventSource(`${baseUrl}/api/events?ticket=${encodeURIComponent(ticket)}`);
      source.onmessage = (event) => {
        failures = 0;
        emit(JSON.parse(event.data) as KioskSnapshot);
      };
      source.onerror = () => {
        // EventSource retries a dropped connection by itself, with the same (now used) ticket: the
        // host refuses it and EventSource gives up (CLOSED); then a new ticket is needed.
        if (source?.readyState === eventSourceClosed) reconnectLater();
      };
    };

    const reconnectLater = () => {
      source?.close();
      source = null;
      const delay = reconnectDelaysMs[Math.min(failures, reconnectDelaysMs.length - 1)];
      failures += 1;
      timer = schedule(() => void connect(), delay);
    };

    void connect();
    return () => {
      stopped = true;
      source?.close();
      if (timer !== null) cancel(timer);
    };
  });

  return {
    api,
    onSnapshot: (listener) => hub.subscribe(listener),
    mediaUrl: (sha256) => `media/${encodeURIComponent(sha256)}`,
  };
}

/** 403: the host does not know our token (it restarted with a new one, or this page is not its own). */
class HostRefusedToken extends KioskCallFailed {}

function asKioskCallError(body: unknown): KioskCallError | null {
  if (typeof body !== 'object' || body === null) return null;
  const { code, message } = body as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return null;
  const known = code === 'bad-request' || code === 'not-found' || code === 'unavailable' || code === 'internal';
  return { code: known ? code : 'internal', message };
}
