import { useEffect, useRef } from 'react';
import type { MeResponse } from '../../common/contracts/dashboard';
import { navGroupsFor, toSearch, viewTitles, type DashboardQuery } from './query';

interface Props {
  me: MeResponse;
  query: DashboardQuery;
  navigate: (next: DashboardQuery) => void;
}

/**
 * The dashboard's pages in two labelled groups: reports, and running the site. On a small screen the
 * groups share one row that scrolls sideways, so the page's own content starts near the top instead
 * of below three rows of links; the current page's link is scrolled into view.
 */
export function ViewsNav({ me, query, navigate }: Props) {
  const current = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    // Only the nav's own row scrolls (scrollIntoView would also move the page).
    const link = current.current;
    const nav = link?.closest('nav');
    if (!link || !nav) return;
    const l = link.getBoundingClientRect();
    const n = nav.getBoundingClientRect();
    if (l.left < n.left || l.right > n.right) nav.scrollLeft += l.left - n.left - (n.width - l.width) / 2;
  }, [query.view]);
  return (
    <nav className="views-nav" aria-label="Dashboard views">
      {navGroupsFor(me.role, me.canEditRequirements === true).map((group) => (
        <div className="nav-group" key={group.id}>
          {/* Plain text, not an accessible name: "Site" must keep naming only the site filter. */}
          <span className="nav-group-label">{group.label}</span>
          <ul>
            {group.views.map((view) => (
              <li key={view}>
                <a
                  ref={view === query.view ? current : undefined}
                  href={toSearch({ ...query, view })}
                  aria-current={view === query.view ? 'page' : undefined}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    navigate({ ...query, view });
                  }}
                >
                  {viewTitles[view]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
