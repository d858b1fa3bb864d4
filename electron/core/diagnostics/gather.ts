import type { KioskSnapshot } from '../../../common/contracts/kiosk-api';
import type { DiagnosticsReport } from '../../../common/contracts/staff';

/**
 * Builds the site-IT diagnostics report. Every outside probe (HTTP, disk) comes in as a function, so
 * the report is tested with fakes and a probe that hangs or throws only marks its own line.
 */

export interface DiagnosticsProbes {
  /** GET a URL; must honour the abort signal. */
  fetch: (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number }>;
  statfs: (dir: string) => Promise<{ bavail: number; bsize: number; blocks: number }>;
  now: () => Date;
  /** How long the server gets to answer /healthz. */
  serverTimeoutMs?: number;
}

export interface DiagnosticsInput {
  snapshot: KioskSnapshot;
  serverUrl: string | null;
  dataDir: string;
  appVersion: string;
  configSource: string;
  events: DiagnosticsReport['events'];
}

export function healthzUrl(serverUrl: string): string {
  return new URL('healthz', serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`).toString();
}

export async function checkServer(serverUrl: string | null, probes: DiagnosticsProbes): Promise<DiagnosticsReport['server']> {
  const checkedAt = () => probes.now().toISOString();
  if (!serverUrl) return { url: null, reachability: 'not-configured', detail: 'No server in the kiosk config: this terminal works standalone.', checkedAt: checkedAt() };
  const url = healthzUrl(serverUrl);
  const timeoutMs = probes.serverTimeoutMs ?? 3000;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await probes.fetch(url, { signal: abort.signal });
    if (res.ok) return { url: serverUrl, reachability: 'reachable', detail: null, checkedAt: checkedAt() };
    return { url: serverUrl, reachability: 'unreachable', detail: `${url} answered HTTP ${res.status}: the server is up but unhealthy; check the server log.`, checkedAt: checkedAt() };
  } catch (err) {
    const reason = abort.signal.aborted ? `no answer within ${timeoutMs} ms` : describeNetworkError(err);
    return {
      url: serverUrl,
      reachability: 'unreachable',
      detail: `${url}: ${reason}. Check the server is running, the URL in the kiosk config, and the network or firewall between them.`,
      checkedAt: checkedAt(),
    };
  } finally {
    clearTimeout(timer);
  }
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

export async function checkDisk(dataDir: string, probes: DiagnosticsProbes): Promise<DiagnosticsReport['disk']> {
  try {
    const s = await probes.statfs(dataDir);
    return { dataDir, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize, detail: null };
  } catch (err) {
    return { dataDir, freeBytes: null, totalBytes: null, detail: `Free space unknown: ${(err as Error).message}` };
  }
}

export async function gatherDiagnostics(input: DiagnosticsInput, probes: DiagnosticsProbes): Promise<Omit<DiagnosticsReport, 'quarantine' | 'pinLockouts'>> {
  const { snapshot } = input;
  const [server, disk] = await Promise.all([checkServer(input.serverUrl, probes), checkDisk(input.dataDir, probes)]);
  const reader = snapshot.reader;
  const sync = snapshot.sync;
  return {
    generatedAt: probes.now().toISOString(),
    appVersion: input.appVersion,
    configSource: input.configSource,
    terminal: { site: snapshot.terminal.site, station: snapshot.terminal.station, stationName: snapshot.terminal.stationName, demo: snapshot.terminal.demo },
    reader: { mode: reader.mode, state: reader.state, detail: reader.mode === 'hid' ? reader.detail : null, lastReadAt: reader.lastReadAt },
    server,
    sync: sync ? { state: sync.state, lastSyncAt: sync.lastSyncAt, queued: sync.queued, quarantined: sync.quarantined, detail: sync.detail } : null,
    // while the store refuses writes, the disk line says so (the path and free space are next to it)
    disk: snapshot.storage ? { ...disk, detail: snapshot.storage.detail } : disk,
    events: input.events,
  };
}
