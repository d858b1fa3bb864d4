import type { DashboardFilters } from '../../../common/contracts/dashboard';
import type { SecurityEventRow } from '../../../common/contracts/security-events';
import { useResource } from '../context';
import { Loaded, ScrollRegion } from './shared';

const KIND_LABELS: Record<SecurityEventRow['kind'], string> = {
  'pin-lockout': 'PIN lockout',
  'unknown-badges-throttled': 'Unknown badges paused',
};

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * Security events the terminals of the user's sites reported, newest first: PIN lockouts (someone
 * tried PINs at a terminal) and unknown-badge throttling (someone tried badges). The site and station
 * filters narrow it.
 */
export function SecurityEventsView({ filters }: { filters: DashboardFilters }) {
  const events = useResource((api) => api.securityEvents(filters.site), `security-events:${filters.site ?? ''}`);
  return (
    <Loaded resource={events} what="security events">
      {(data) => {
        const shown = data.events.filter((e) => !filters.station || e.stationId === filters.station);
        return (
          <>
            <div className="table-header">
              <h2 id="security-title">
                {shown.length} security {shown.length === 1 ? 'event' : 'events'} at the terminals
              </h2>
            </div>
            <p className="muted">
              A PIN lockout means 5 wrong PINs in a row at the terminal; each further one lasts twice as long. Site IT can unlock the PIN pads from the
              terminal&apos;s diagnostics screen.
            </p>
            {shown.length === 0 ? (
              <p data-testid="security-events-none">No security events.</p>
            ) : (
              <ScrollRegion labelledBy="security-title">
                <table data-testid="security-events-table">
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">What</th>
                      <th scope="col">Terminal</th>
                      <th scope="col">Detail</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((e) => (
                      <tr key={e.id} data-kind={e.kind}>
                        <td>{when(e.occurredAt)}</td>
                        <th scope="row">{KIND_LABELS[e.kind]}</th>
                        <td>
                          {e.terminalName} <span className="muted">{e.siteId} / {e.stationId}</span>
                        </td>
                        <td>{e.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
