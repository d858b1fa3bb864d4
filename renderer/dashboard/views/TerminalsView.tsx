import type { DashboardFilters } from '../../../common/contracts/dashboard';
import type { FleetTerminal } from '../../../common/contracts/fleet';
import { useResource } from '../context';
import { Loaded, ScrollRegion } from './shared';

/** "5 min ago", "3 h ago", "2 days ago": how long a terminal has been silent or since it synced. */
export function ago(iso: string | null, now: Date): string {
  if (iso === null) return 'never';
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

function freeDisk(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const gb = bytes / 1024 ** 3;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** Stale and troubled terminals first, so the ones to act on are at the top. */
function needsAttention(t: FleetTerminal): number {
  if (t.revokedAt) return 3;
  if (t.stale) return 0;
  const reader = t.status?.reader.state;
  return t.status && (t.status.quarantined > 0 || (reader !== 'listening' && reader !== 'connected')) ? 1 : 2;
}

function Row({ t, now }: { t: FleetTerminal; now: Date }) {
  const s = t.status;
  const placeMismatch = s !== null && (s.siteId !== t.siteId || s.stationId !== t.stationId);
  return (
    <tr className={t.stale ? 'terminal-stale' : undefined} data-testid={`terminal-${t.id}`} data-stale={t.stale}>
      <th scope="row">
        {t.name}{' '}
        <span className="muted terminal-place">
          {t.siteId} / {t.stationId}
          {placeMismatch && ` (config says ${s.siteId} / ${s.stationId})`}
        </span>
      </th>
      <td>
        {t.revokedAt ? (
          <span className="muted">Revoked</span>
        ) : t.stale ? (
          <strong className="status status-overdue">
            <span aria-hidden="true">⚠ </span>Stale: last seen {ago(t.lastSeenAt, now)}
          </strong>
        ) : (
          <span>{ago(t.lastSeenAt, now)}</span>
        )}
      </td>
      <td>{s ? ago(s.lastSyncAt, now) : '-'}</td>
      <td className="num">{s?.queued ?? '-'}</td>
      <td className="num">{s ? (s.quarantined > 0 ? <strong className="status status-overdue">{s.quarantined}</strong> : 0) : '-'}</td>
      <td>{s ? `${s.reader.mode} · ${s.reader.state}` : '-'}</td>
      <td className="num">{s ? freeDisk(s.dataDirFreeBytes) : '-'}</td>
      <td>{s?.appVersion ?? <span className="muted">no report</span>}</td>
    </tr>
  );
}

/**
 * Admins' fleet view: every enrolled terminal with last contact, its latest self-report and a stale
 * marker (words and a symbol, not colour alone). The site filter narrows it to one site.
 */
export function TerminalsView({ filters, now = new Date() }: { filters: DashboardFilters; now?: Date }) {
  const fleet = useResource((api) => api.terminals(), 'terminals');
  return (
    <Loaded resource={fleet} what="terminals">
      {(data) => {
        const shown = data.terminals.filter((t) => !filters.site || t.siteId === filters.site).sort((a, b) => needsAttention(a) - needsAttention(b));
        const stale = shown.filter((t) => t.stale).length;
        return (
          <>
            <div className="table-header">
              <h2 id="terminals-title">
                {shown.length} {shown.length === 1 ? 'terminal' : 'terminals'}, {stale} stale
              </h2>
            </div>
            <p className="muted">
              Stale: not heard from for {Math.round(data.staleAfterSeconds / 60)} minutes (switched off, cut off from the server, or stuck). Refused: completions the
              server refused; site IT can send them again from the terminal&apos;s diagnostics screen.
            </p>
            <ScrollRegion labelledBy="terminals-title">
              <table data-testid="terminals-table">
                <thead>
                  <tr>
                    <th scope="col">Terminal</th>
                    <th scope="col">Last seen</th>
                    <th scope="col">Last sync</th>
                    <th scope="col" className="num">Queued</th>
                    <th scope="col" className="num">Refused</th>
                    <th scope="col">Badge reader</th>
                    <th scope="col" className="num">Free disk</th>
                    <th scope="col">Version</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((t) => (
                    <Row key={t.id} t={t} now={now} />
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        );
      }}
    </Loaded>
  );
}
