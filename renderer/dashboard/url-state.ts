import { useCallback, useSyncExternalStore } from 'react';
import { parseQuery, toSearch, type DashboardQuery } from './query';

const changed = 'shiftlearn:urlchange';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(changed, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(changed, onChange);
  };
}

const currentSearch = () => window.location.search;

/** The URL query as the dashboard's state: back/forward work and any view can be shared as a link. */
export function useUrlQuery(): [DashboardQuery, (next: DashboardQuery) => void] {
  const search = useSyncExternalStore(subscribe, currentSearch);
  const navigate = useCallback((next: DashboardQuery) => {
    const target = toSearch(next);
    if (target === window.location.search) return;
    window.history.pushState(null, '', `${window.location.pathname}${target}`);
    window.dispatchEvent(new Event(changed));
  }, []);
  return [parseQuery(search), navigate];
}
