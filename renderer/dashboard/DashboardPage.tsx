import { useEffect, useRef } from 'react';
import type { MeResponse } from '../../common/contracts/dashboard';
import { Filters } from './Filters';
import { RequirementsPage } from './admin/RequirementsPage';
import { filtersOf, scopeToSites, setupViews, viewTitles, type View } from './query';
import { ViewsNav } from './ViewsNav';
import { useUrlQuery } from './url-state';
import { CompletionsPerWeekView } from './views/CompletionsPerWeekView';
import { OverdueView } from './views/OverdueView';
import { OverviewView } from './views/OverviewView';
import { RecertCalendarView } from './views/RecertCalendarView';
import { RecordsView } from './views/RecordsView';
import { SkillMatrixView } from './views/SkillMatrixView';
import { SecurityEventsView } from './views/SecurityEventsView';
import { TerminalsView } from './views/TerminalsView';
import { AdminPage } from './admin/AdminPage';
import type { DashboardFilters } from '../../common/contracts/dashboard';

interface Props {
  me: MeResponse;
  onSignOut: () => void;
}

function ViewContent({ view, filters, me }: { view: View; filters: DashboardFilters; me: MeResponse }) {
  switch (view) {
    case 'overview':
      return <OverviewView filters={filters} me={me} />;
    case 'overdue':
      return <OverdueView filters={filters} me={me} />;
    case 'calendar':
      return <RecertCalendarView filters={filters} />;
    case 'matrix':
      return <SkillMatrixView filters={filters} me={me} />;
    case 'weekly':
      return <CompletionsPerWeekView filters={filters} />;
    case 'records':
      return <RecordsView filters={filters} />;
    case 'terminals':
      return me.role === 'admin' ? <TerminalsView filters={filters} /> : <p role="alert">The terminals page is for admins.</p>;
    case 'security':
      return <SecurityEventsView filters={filters} />;
    case 'requirements':
      if (me.role === 'admin') return <AdminPage view={view} />;
      return me.canEditRequirements ? (
        <RequirementsPage role="supervisor" />
      ) : (
        <p role="alert">Supervisors may not set requirements on this server: an admin can allow it on the Requirements page.</p>
      );
    default:
      return me.role === 'admin' ? <AdminPage view={view} /> : <p role="alert">This page is for admins.</p>;
  }
}

export function DashboardPage({ me, onSignOut }: Props) {
  const [rawQuery, navigate] = useUrlQuery();
  const query = scopeToSites(rawQuery, me.sites.map((s) => s.id));
  const filters = filtersOf(query);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${viewTitles[query.view]} · Shiftlearn dashboard`;
    // Moving to another view moves focus to its heading, so screen readers announce the new page.
    if (firstRender.current) firstRender.current = false;
    else heading.current?.focus();
  }, [query.view]);

  return (
    <div className="dashboard">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <p className="brand">Shiftlearn dashboard</p>
        <p className="who">
          Signed in as <strong>{me.name}</strong> ({me.role === 'admin' ? 'admin' : 'supervisor'})
        </p>
        <button type="button" className="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <ViewsNav me={me} query={query} navigate={navigate} />
      <main id="main" className="content">
        <h1 ref={heading} tabIndex={-1}>
          {viewTitles[query.view]}
        </h1>
        {!setupViews.includes(query.view) && <Filters me={me} query={query} onChange={navigate} />}
        <ViewContent view={query.view} filters={filters} me={me} />
      </main>
    </div>
  );
}
