import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { DashboardApiError, type DashboardApi } from './api';

interface DashboardContextValue {
  api: DashboardApi;
  /** Called when a request finds the session gone (401), to go back to the sign-in page. */
  onSignedOut: () => void;
}

const DashboardContext = createContext<DashboardContextValue | null>(null);

export function DashboardProvider({ value, children }: { value: DashboardContextValue; children: ReactNode }) {
  return <DashboardContext.Provider value={value}>{children}</DashboardContext.Provider>;
}

export function useDashboard(): DashboardContextValue {
  const value = useContext(DashboardContext);
  if (!value) throw new Error('useDashboard needs a <DashboardProvider> above it');
  return value;
}

export type Resource<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; error: DashboardApiError };

/** Loads one API resource whenever `key` changes; a stale answer never overwrites a newer one. */
export function useResource<T>(load: (api: DashboardApi) => Promise<T>, key: string): Resource<T> {
  const { api, onSignedOut } = useDashboard();
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setResource({ state: 'loading' });
    load(api).then(
      (data) => current && setResource({ state: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        const apiError = error instanceof DashboardApiError ? error : new DashboardApiError(0, 'client', String(error));
        if (apiError.status === 401) onSignedOut();
        else setResource({ state: 'failed', error: apiError });
      },
    );
    return () => {
      current = false;
    };
    // `load` is recreated on every render; `key` names everything it depends on.
  }, [api, key]);
  return resource;
}
