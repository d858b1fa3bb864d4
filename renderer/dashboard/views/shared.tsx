import { useState, type ReactNode } from 'react';
import type { DashboardFilters } from '../../../common/contracts/dashboard';
import type { DashboardApi } from '../api';
import { useResource, type Resource } from '../context';
import { en } from '../../../common/i18n/messages/en';
import { statusDisplay, statusLegend, type DisplayStatus } from '../status';

/** Shows loading and failure the same way on every view, and the content once it is there. */
export function Loaded<T>({ resource, what, children }: { resource: Resource<T>; what: string; children: (data: T) => ReactNode }) {
  if (resource.state === 'loading') {
    return (
      <p role="status" className="muted">
        Loading {what}…
      </p>
    );
  }
  if (resource.state === 'failed') {
    return (
      <p role="alert" className="form-error">
        Could not load {what}: {resource.error.message}
      </p>
    );
  }
  return <>{children(resource.data)}</>;
}

/** The same rows as the table next to it, as a CSV file from the API (the session cookie goes along). */
export function CsvLink({ href, what }: { href: string; what: string }) {
  return (
    <a className="button csv-link" href={href} download>
      Download CSV<span className="visually-hidden"> of {what}</span>
    </a>
  );
}

export function TableHeader({ title, csvHref, id }: { title: string; csvHref: string; id: string }) {
  return (
    <div className="table-header">
      <h2 id={id}>{title}</h2>
      <CsvLink href={csvHref} what={title.toLowerCase()} />
    </div>
  );
}

export function StatusBadge({ status }: { status: DisplayStatus }) {
  const { label, symbol } = statusDisplay[status];
  return (
    <span className={`status status-${status}`}>
      <span className="status-symbol" aria-hidden="true">
        {symbol}
      </span>{' '}
      {label}
    </span>
  );
}

/** Wide tables scroll inside a focusable region, so keyboard users can scroll them too. */
export function ScrollRegion({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}

/** What each status means, in the station board's words; `only` keeps the legend to what the view can show. */
export function StatusLegend({ only }: { only?: readonly DisplayStatus[] }) {
  const lines = only ? statusLegend.filter((l) => only.includes(l.status)) : statusLegend;
  return (
    <section className="legend panel" aria-labelledby="legend-title" data-testid="status-legend">
      <h3 id="legend-title">{en.legendTitle}</h3>
      <dl>
        {lines.map(({ status, meaning }) => (
          <div key={status} className="legend-row">
            <dt>
              <StatusBadge status={status} />
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Where a page of a server-paged list stands (the paging fields of every paged response). */
export interface Paging {
  page: number;
  pageSize: number;
  total: number;
}

/** Which rows of a paged list are shown, and buttons to the pages before and after. */
export function Pager({ paging, what, onPage }: { paging: Paging; what: string; onPage: (page: number) => void }) {
  const { page, pageSize, total } = paging;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  const first = (page - 1) * pageSize + 1;
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span role="status">
        {first}-{Math.min(total, page * pageSize)} of {total} (page {page} of {pages})
      </span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}

/**
 * One page of a server-paged list for these filters, and how to show another. Other filters start
 * again at page 1: the page is kept with the filters it was chosen under. `name` keys the request
 * with the filters and page (as useResource's key), so it names whatever else `load` depends on.
 */
export function usePagedResource<T extends Paging>(filters: DashboardFilters, name: string, load: (api: DashboardApi, page: number) => Promise<T>): [Resource<T>, (page: number) => void] {
  const filterKey = JSON.stringify(filters);
  const [paged, setPaged] = useState({ filterKey, page: 1 });
  const page = paged.filterKey === filterKey ? paged.page : 1;
  const resource = useResource((api) => load(api, page), `${name}:${filterKey}:${page}`);
  return [resource, (p) => setPaged({ filterKey, page: p })];
}

/** A page of a server-paged table: its pager, then the table in a scroll region labelled by the view's title. */
export function PagedTable({ paging, what, onPage, labelledBy, children }: { paging: Paging; what: string; onPage: (page: number) => void; labelledBy: string; children: ReactNode }) {
  return (
    <>
      <Pager paging={paging} what={what} onPage={onPage} />
      <ScrollRegion labelledBy={labelledBy}>{children}</ScrollRegion>
    </>
  );
}
