import { useCallback, useEffect, useState } from 'react';
import { DashboardApiError } from '../api';
import { useDashboard } from '../context';

export type AdminData<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; message: string };

/** Loads admin data and reloads it after a change; a lost session goes back to sign-in. */
export function useAdminData<T>(load: () => Promise<T>): [AdminData<T>, () => void] {
  const { onSignedOut } = useDashboard();
  const [data, setData] = useState<AdminData<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (d) => current && setData({ state: 'ready', data: d }),
      (err: unknown) => {
        if (!current) return;
        if (err instanceof DashboardApiError && err.status === 401) onSignedOut();
        else setData({ state: 'failed', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      current = false;
    };
    // `load` is a module function per page; `generation` asks for a reload.
  }, [generation]);
  return [data, useCallback(() => setGeneration((g) => g + 1), [])];
}

/** Runs an admin action and keeps its outcome to show: the server's message names what to fix. */
export function useAction(): { busy: boolean; error: string | null; run: (action: () => Promise<unknown>) => Promise<boolean> } {
  const { onSignedOut } = useDashboard();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (err) {
        if (err instanceof DashboardApiError && err.status === 401) onSignedOut();
        setError(err instanceof Error ? err.message : String(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onSignedOut],
  );
  return { busy, error, run };
}
