import { useState } from 'react';
import type { DashboardFilters } from '../../../common/contracts/dashboard';
import { apiBase } from '../query';

function link(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  return `${apiBase}/${path}?${search.toString()}`;
}

/**
 * Evidence for auditors and workers: the audit report for the chosen filters and dates, a worker's
 * certificates and training record, and a station's certificates in one PDF. Plain download links:
 * the server scopes every file to the signed-in user's sites.
 */
export function RecordsView({ filters }: { filters: DashboardFilters }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [employeeId, setEmployeeId] = useState('');
  const scope = { site: filters.site, station: filters.station, role: filters.role, from: from || undefined, to: to || undefined };
  const worker = employeeId.trim();
  return (
    <>
      <section aria-labelledby="audit-title">
        <h2 id="audit-title">Audit report</h2>
        <p className="muted">Every completion for the filters above (lesson version, score, attempt, terminal, certification status) and everyone missing or overdue.</p>
        <p>
          <label>
            From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>{' '}
          <label>
            To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </p>
        <p>
          <a className="button" href={link('audit-report', { ...scope, format: 'pdf' })} download>
            Audit report (PDF)
          </a>{' '}
          <a className="button" href={link('audit-report', { ...scope, format: 'csv' })} download>
            Audit report (CSV)
          </a>
        </p>
      </section>
      <section aria-labelledby="station-certs-title">
        <h2 id="station-certs-title">Station certificates</h2>
        {filters.site && filters.station ? (
          <a className="button" href={link('certificates', { site: filters.site, station: filters.station })} download>
            Certificates of station {filters.station} (PDF)
          </a>
        ) : (
          <p className="muted">Choose a site and a station above to download all of its workers&apos; certificates in one PDF.</p>
        )}
      </section>
      <section aria-labelledby="worker-title">
        <h2 id="worker-title">One worker</h2>
        <label>
          Employee ID <input value={employeeId} onChange={(e) => setEmployeeId(e.target.value)} autoComplete="off" />
        </label>
        {worker ? (
          <p>
            <a className="button" href={link('certificates', { employeeId: worker })} download>
              Certificates (PDF)
            </a>{' '}
            <a className="button" href={link('audit-report', { employeeId: worker, format: 'pdf' })} download>
              Training record (PDF)
            </a>{' '}
            <a className="button" href={link('audit-report', { employeeId: worker, format: 'csv' })} download>
              Training record (CSV)
            </a>
          </p>
        ) : null}
      </section>
    </>
  );
}
