import type { ReactNode } from 'react';
import type { AdminData } from './use-admin-data';

export function AdminLoaded<T>({ data, what, children }: { data: AdminData<T>; what: string; children: (d: T) => ReactNode }) {
  if (data.state === 'loading') return <p role="status" className="muted">Loading {what}…</p>;
  if (data.state === 'failed') return <p role="alert" className="form-error">Could not load {what}: {data.message}</p>;
  return <>{children(data.data)}</>;
}

export function ActionError({ error }: { error: string | null }) {
  return error ? <p role="alert" className="form-error">{error}</p> : null;
}

/** A labelled input in the dashboard's form style. */
export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {hint && <span className="muted">{hint}</span>}
    </label>
  );
}
