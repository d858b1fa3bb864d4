import { useCallback, useEffect, useRef, useState } from 'react';
import type { DiagnosticsReport, ExitResult } from '../../../common/contracts/staff';
import type { Translate } from '../../../common/i18n/catalog';
import { useKiosk, useKioskApi, useT } from '../state/context';
import { MoreBelow } from './MoreBelow';
import { PinEntry } from './PinEntry';
import { PinLockoutsPanel } from './PinLockoutsPanel';
import { describeError, pinResultMessage, time } from './staff-strings';
import './staff.css';

function bytes(t: Translate, n: number | null): string {
  if (n === null) return t('diagUnknown');
  const gb = n / 1024 ** 3;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(n / 1024 ** 2)} MB`;
}

function exitMessage(t: Translate, result: ExitResult): string {
  if (result.outcome === 'exiting') return t(result.appWillQuit ? 'diagExiting' : 'diagExitedBrowser');
  return pinResultMessage(t, result)!;
}

/**
 * What the server refused: the statements stay on the terminal with the server's reason, and site IT
 * can send them again (the PIN that opened this screen is the gate).
 */
function QuarantineList({ report, t, onRequeued }: { report: DiagnosticsReport; t: Translate; onRequeued: () => void }) {
  const api = useKioskApi();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const total = report.sync?.quarantined ?? report.quarantine.length;
  const requeue = () => {
    setBusy(true);
    api.requeueQuarantined().then(
      (r) => {
        setOutcome(t('diagRequeued', { n: r.requeued }));
        onRequeued();
      },
      (err: unknown) => setOutcome(describeError(err)),
    ).finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="quarantine-title" data-testid="diag-quarantine" data-count={total}>
      <h2 id="quarantine-title">{t('diagQuarantineTitle', { n: total })}</h2>
      {outcome && (
        <p role="status" data-testid="diag-requeue-outcome">
          {outcome}
        </p>
      )}
      {report.quarantine.length === 0 ? (
        <p className="muted">{t('diagQuarantineNone')}</p>
      ) : (
        <>
          <p className="muted">{t('diagRequeueHelp')}</p>
          <button type="button" className="button" data-testid="diag-requeue" disabled={busy} onClick={requeue}>
            {t('diagRequeue', { n: total })}
          </button>
          {total > report.quarantine.length && <p className="muted">{t('diagQuarantineShown', { shown: report.quarantine.length })}</p>}
          <table className="staff-table events-table">
            <thead>
              <tr>
                <th scope="col">{t('diagTime')}</th>
                <th scope="col">{t('diagStatement')}</th>
                <th scope="col">{t('diagReason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.quarantine.map((q) => (
                <tr key={q.statementId}>
                  <td>{time(q.quarantinedAt)}</td>
                  <td>{q.statementId}</td>
                  <td>{q.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Site IT's view of the terminal: reader, server, sync, disk, version, config and the event log; and the way out of kiosk mode. */
export function DiagnosticsScreen() {
  const api = useKioskApi();
  const { t } = useT();
  const signOut = useKiosk((s) => s.signOut);
  const scroller = useRef<HTMLElement>(null);
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
      (result) => setExit({ text: exitMessage(t, result), ended: result.outcome === 'exiting' }),
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
    <main ref={scroller} className="screen staff-screen diagnostics-screen" data-testid="diagnostics">
      <header className="staff-header">
        <h1>{t('diagTitle')}</h1>
        <div className="staff-actions">
          <button type="button" className="button" data-testid="diagnostics-refresh" onClick={refresh}>
            {t('diagRefresh')}
          </button>
          <button type="button" className="button button-quiet" data-testid="staff-close" onClick={() => void signOut()}>
            {t('staffClose')}
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
          <dt>{t('diagReader')}</dt>
          <dd data-testid="diag-reader" data-state={r.reader.state}>
            {r.reader.mode} · {r.reader.state}
            {r.reader.detail ? ` · ${r.reader.detail}` : ''} · {t('diagLastRead', { at: time(r.reader.lastReadAt) })}
          </dd>
          <dt>{t('diagServer')}</dt>
          <dd data-testid="diag-server" data-reachability={r.server.reachability}>
            {r.server.reachability === 'not-configured' ? t('diagNotConfigured') : `${r.server.url} · ${r.server.reachability}`}
            {r.server.detail ? ` · ${r.server.detail}` : ''}
          </dd>
          <dt>{t('diagSync')}</dt>
          <dd data-testid="diag-sync">
            {r.sync ? t('diagSyncLine', { state: r.sync.state, at: time(r.sync.lastSyncAt), queued: r.sync.queued, refused: r.sync.quarantined }) : t('diagNoSync')}
          </dd>
          <dt>{t('diagDisk')}</dt>
          <dd data-testid="diag-disk">
            {t('diagDiskLine', { free: bytes(t, r.disk.freeBytes), total: bytes(t, r.disk.totalBytes), dir: r.disk.dataDir })}
            {r.disk.detail ? ` · ${r.disk.detail}` : ''}
          </dd>
          <dt>{t('diagVersion')}</dt>
          <dd data-testid="diag-version">{r.appVersion}</dd>
          <dt>{t('diagConfig')}</dt>
          <dd data-testid="diag-config">{r.configSource}</dd>
          <dt>{t('diagTerminal')}</dt>
          <dd>
            {r.terminal.site} · {r.terminal.stationName} ({r.terminal.station}){r.terminal.demo ? ` · ${t('diagDemo')}` : ''}
          </dd>
        </dl>
      )}
      {r && <QuarantineList report={r} t={t} onRequeued={refresh} />}
      {r && <PinLockoutsPanel report={r} t={t} onCleared={refresh} />}
      <section className="diagnostics-exit" aria-labelledby="exit-title">
        <h2 id="exit-title">{t('diagExitTitle')}</h2>
        <p className="muted">{t('diagExitHelp')}</p>
        {exit && (
          <p className="pin-error" role="alert" data-testid="exit-error">
            {exit.text}
          </p>
        )}
        <PinEntry onSubmit={exitKiosk} submitLabel={t('diagExitKey')} testId="exit-pin" />
      </section>
      {r && (
        <section aria-labelledby="events-title">
          <h2 id="events-title">{t('diagEventsTitle', { n: r.events.length })}</h2>
          <table className="staff-table events-table" data-testid="diag-events">
            <thead>
              <tr>
                <th scope="col">{t('diagTime')}</th>
                <th scope="col">{t('diagEvent')}</th>
                <th scope="col">{t('diagDetail')}</th>
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
      <MoreBelow scroller={scroller} />
    </main>
  );
}
