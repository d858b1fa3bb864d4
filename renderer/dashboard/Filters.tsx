import { useEffect, useState, type FormEvent } from 'react';
import type { MeResponse } from '../../common/contracts/dashboard';
import { useResource } from './context';
import { withFilter, type DashboardQuery } from './query';

interface Props {
  me: MeResponse;
  query: DashboardQuery;
  onChange: (next: DashboardQuery) => void;
}

/** Site, station and role filters; every change lands in the URL, so the filtered view is a link. */
export function Filters({ me, query, onChange }: Props) {
  const stations = useResource(
    (api) => api.overview(query.site ? { site: query.site } : {}),
    `filters:${query.site ?? ''}`,
  );
  const stationOptions =
    stations.state === 'ready'
      ? stations.data.sites.flatMap((site) =>
          site.stations.map((station) => ({
            id: station.id,
            label: query.site || stations.data.sites.length === 1 ? station.name : `${station.name} (${site.name})`,
          })),
        )
      : [];
  const [role, setRole] = useState(query.role ?? '');
  useEffect(() => setRole(query.role ?? ''), [query.role]);

  function applyRole(event: FormEvent) {
    event.preventDefault();
    onChange(withFilter(query, 'role', role.trim()));
  }

  const filtered = Boolean(query.site || query.station || query.role);
  return (
    <form className="filters" role="search" aria-label="Filters" onSubmit={applyRole}>
      <div className="field">
        <label htmlFor="filter-site">Site</label>
        <select id="filter-site" value={query.site ?? ''} onChange={(e) => onChange(withFilter(query, 'site', e.target.value))}>
          <option value="">{me.role === 'admin' ? 'All sites' : 'All my sites'}</option>
          {me.sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-station">Station</label>
        <select id="filter-station" value={query.station ?? ''} onChange={(e) => onChange(withFilter(query, 'station', e.target.value))}>
          <option value="">All stations</option>
          {query.station && !stationOptions.some((s) => s.id === query.station) && (
            <option value={query.station}>{query.station}</option>
          )}
          {stationOptions.map((station) => (
            <option key={station.id} value={station.id}>
              {station.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-role">Role</label>
        <input id="filter-role" type="text" value={role} placeholder="Any role" onChange={(e) => setRole(e.target.value)} />
      </div>
      <button type="submit" className="button">
        Apply role
      </button>
      {filtered && (
        <button type="button" className="button button-quiet" onClick={() => onChange({ view: query.view })}>
          Clear filters
        </button>
      )}
    </form>
  );
}
