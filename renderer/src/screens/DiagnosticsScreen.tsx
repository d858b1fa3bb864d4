import { useCallback, useEffect, useState } from 'react';
import type { DiagnosticsReport, ExitResult } from '../../../common/contracts/staff';
import { useKiosk, useKioskApi } from '../state/context';
import { PinEntry } from './PinEntry';
import { describeError, time } from './staff-strings';
import './staff.css';

function bytes(n: number | null): string {
  if (n === null) return 'unknown';
  const gb = n / 1024 ** 3;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(n / 1024 ** 2)} MB`;
}

function exitMessage(result: ExitResult): string {
  if (result.outcome === 'exiting') return result.appWillQuit ? 'Closing the kiosk…' : 'Kiosk mode ended; close the browser.';
  if (result.outcome === 'wrong') return `Wrong PIN. ${result.attemptsLeft} tries left before a 5-minute lockout.`;
  return `Too many wrong PINs: locked until ${time(result.until)}.`;
}

/** Site IT's view of the terminal: reader, server, sync, disk, version, config and the event log; and the way out of kiosk mode. */
export function DiagnosticsScreen() {
  const api = useKioskApi();
  const signOut = useKiosk((s) => s.signOut);
  const [report, setReport] = useState<DiagnosticsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exit, setExit] = useState<{ text: string; ended: boolean } | null>(null);

  const refresh = useCallback(() => {
    setError(null);
    api.getDiagnostics().then(setReport, (err: unknown) => setError(describeError(err)));
  }, [api]);
  useEffect(refresh, [refresh]);

  const exitKiosk = (pin: string) => {
    api.exitKiosk(pin).then(
      (result) => setExit({ text: exitMessage(result), ended: result.outcome === 'exiting' }),
      (err: unknown) => setExit({ text: describeError(err), ended: false }),
    );
  };

  if (exit?.ended) {
    return (
      <main className="screen staff-screen" data-testid="kiosk-ended">
        <h1>{exit.text}</h1>
      </main>
    );
  }
  const r = report;
  return (
    <main className="screen staff-screen diagnostics-screen" data-testid="diagnostics">
      <header className="staff-header">
        <h1>Diagnostics</h1>
        <div className="staff-actions">
          <button type="button" className="button" data-testid="diagnostics-refresh" onClick={refresh}>
            Refresh
          </button>
          <button type="button" className="button button-quiet" data-testid="staff-done" onClick={() => void signOut()}>
            Close
          </button>
        </div>
      </header>
      {error && (
        <p className="pin-error" role="alert">
          {error}
        </p>
      )}
      {r && (
        <dl className="diagnostics-facts">
          <dt>Badge reader</dt>
          <dd data-testid="diag-reader" data-state={r.reader.state}>
            {r.reader.mode} · {r.reader.state}
            {r.reader.detail ? ` · ${r.reader.detail}` : ''} · last read {time(r.reader.lastReadAt)}
          </dd>
          <dt>Server</dt>
          <dd data-testid="diag-server" data-reachability={r.server.reachability}>
            {r.server.reachability === 'not-configured' ? 'not configured' : `${r.server.url} · ${r.server.reachability}`}
            {r.server.detail ? ` · ${r.server.detail}` : ''}
          </dd>
          <dt>Sync</dt>
          <dd data-testid="diag-sync">
            {r.sync ? `${r.sync.state} · last sync ${time(r.sync.lastSyncAt)} · ${r.sync.queued} queued · ${r.sync.quarantined} refused` : 'no sync on this terminal'}
          </dd>
          <dt>Disk</dt>
          <dd data-testid="diag-disk">
            {bytes(r.disk.freeBytes)} free of {bytes(r.disk.totalBytes)} · {r.disk.dataDir}
            {r.disk.detail ? ` · ${r.disk.detail}` : ''}
          </dd>
          <dt>App version</dt>
          <dd data-testid="diag-version">{r.appVersion}</dd>
          <dt>Config</dt>
          <dd data-testid="diag-config">{r.configSource}</dd>
          <dt>Terminal</dt>
          <dd>
            {r.terminal.site} · {r.terminal.stationName} ({r.terminal.station}){r.terminal.demo ? ' · demo' : ''}
          </dd>
        </dl>
      )}
      <section className="diagnostics-exit" aria-labelledby="exit-title">
        <h2 id="exit-title">Exit kiosk</h2>
        <p className="muted">Enter the diagnostics PIN again to leave kiosk mode.</p>
        {exit && (
          <p className="pin-error" role="alert" data-testid="exit-error">
            {exit.text}
          </p>
        )}
        <PinEntry onSubmit={exitKiosk} submitLabel="Exit kiosk" testId="exit-pin" />
      </section>
      {r && (
        <section aria-labelledby="events-title">
          <h2 id="events-title">Last {r.events.length} events</h2>
          <table className="staff-table events-table" data-testid="diag-events">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {r.events.map((e) => (
                <tr key={e.id}>
                  <td>{time(e.at)}</td>
                  <td>{e.kind}</td>
                  <td>{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
