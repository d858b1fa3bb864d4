import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardFilters, MeResponse, SiteOverview, StationOverview } from '../../../common/contracts/dashboard';
import { SetupChecklist } from '../admin/SetupChecklist';
import { useResource } from '../context';
import { apiUrl, requirementsHref, toSearch } from '../query';
import { formatPct } from '../status';
import { Loaded, ScrollRegion, TableHeader } from './shared';

/** Nothing required means nothing to complete: shown as such, never as 100%. */
function hasRequirements(figures: SiteOverview | StationOverview): figures is (SiteOverview | StationOverview) & { completionPct: number } {
  return figures.completionPct !== null;
}

function NoRequirements() {
  return (
    <>
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">no station requirements</span>
    </>
  );
}

function StationChart({ site }: { site: SiteOverview }) {
  const data = site.stations.filter(hasRequirements).map((s) => ({ name: s.name, completion: Math.round(s.completionPct) }));
  if (data.length === 0) return null;
  return (
    <figure className="chart" aria-labelledby={`chart-${site.id}`}>
      <figcaption id={`chart-${site.id}`}>Completion by station at {site.name} (the table above has the same numbers)</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={Math.max(160, data.length * 44 + 60)}>
          <BarChart data={data} layout="vertical" margin={{ left: 16, right: 56 }} accessibilityLayer={false}>
            <CartesianGrid stroke="var(--panel-2)" horizontal={false} />
            <XAxis type="number" domain={[0, 100]} unit="%" stroke="var(--muted)" tick={{ fill: 'var(--muted)' }} />
            <YAxis type="category" dataKey="name" width={140} stroke="var(--muted)" tick={{ fill: 'var(--text)' }} />
            <Tooltip cursor={{ fill: 'var(--panel-2)' }} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--muted)' }} />
            <Bar dataKey="completion" name="Completion %" fill="var(--primary)" isAnimationActive={false} label={{ position: 'right', fill: 'var(--text)', formatter: (v: unknown) => `${v}%` }} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function SiteSection({ site }: { site: SiteOverview }) {
  const headingId = `site-${site.id}`;
  return (
    <section className="panel site-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{site.name}</h3>
      {hasRequirements(site) ? (
        <dl className="stats">
          <div>
            <dt>Completion</dt>
            <dd>{formatPct(site.completionPct)}</dd>
          </div>
          <div>
            <dt>Workers</dt>
            <dd>{site.workers}</dd>
          </div>
          <div>
            <dt>Overdue</dt>
            <dd>{site.overdue}</dd>
          </div>
          <div>
            <dt>Not passed</dt>
            <dd>{site.failed}</dd>
          </div>
          <div>
            <dt>Due soon</dt>
            <dd>{site.dueSoon}</dd>
          </div>
        </dl>
      ) : (
        <p className="empty-state" data-testid={`no-requirements-${site.id}`}>
          No requirements set for this site - <a href={requirementsHref(site.id)}>set them here</a>. Until then there is nothing to
          complete, so no completion figure is shown ({site.workers} {site.workers === 1 ? 'worker' : 'workers'}).
        </p>
      )}
      <p className="figure-note">
        The site figure counts every lesson its workers need, by their roles and all their stations; a station&apos;s figure counts
        only the lessons that station requires of the workers assigned to it, so the station figures need not add up to the site&apos;s.
      </p>
      {site.stations.length === 0 ? (
        <p className="muted">No stations match the filters at this site.</p>
      ) : (
        <>
          <ScrollRegion labelledBy={`${headingId}-stations`}>
            <table>
              <caption id={`${headingId}-stations`}>Stations at {site.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Station</th>
                  <th scope="col" className="num">Workers</th>
                  <th scope="col" className="num">Completion</th>
                  <th scope="col" className="num">Overdue</th>
                  <th scope="col" className="num">Not passed</th>
                  <th scope="col" className="num">Due soon</th>
                  <th scope="col" className="num">Not started</th>
                </tr>
              </thead>
              <tbody>
                {site.stations.map((station) => (
                  <tr key={station.id}>
                    <th scope="row">{station.name}</th>
                    <td className="num">{station.workers}</td>
                    <td className="num">{hasRequirements(station) ? formatPct(station.completionPct) : <NoRequirements />}</td>
                    <td className="num">{station.overdue}</td>
                    <td className="num">{station.failed}</td>
                    <td className="num">{station.dueSoon}</td>
                    <td className="num">{station.neverStarted}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <StationChart site={site} />
        </>
      )}
    </section>
  );
}

export function OverviewView({ filters, me }: { filters: DashboardFilters; me: MeResponse }) {
  const overview = useResource((api) => api.overview(filters), `overview:${JSON.stringify(filters)}`);
  const unfiltered = !filters.site && !filters.station && !filters.role;
  return (
    <>
      <TableHeader id="overview-all" title="Completion by site and station" csvHref={apiUrl('overview', filters, { format: 'csv' })} />
      <Loaded resource={overview} what="the overview">
        {(data) => (
          <>
            {me.role === 'admin' && unfiltered && <SetupChecklist workers={data.sites.reduce((n, s) => n + s.workers, 0)} />}
            {data.sites.length > 0 ? (
              data.sites.map((site) => <SiteSection key={site.id} site={site} />)
            ) : unfiltered ? (
              <p className="empty-state">
                {me.role === 'admin' ? (
                  <>
                    No sites yet: <a href={toSearch({ view: 'sites' })}>create the first one on Manage sites</a>.
                  </>
                ) : (
                  'Your account is not given any site yet: ask an admin to add your sites on the Users page.'
                )}
              </p>
            ) : (
              <p className="muted">No sites match the filters.</p>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
