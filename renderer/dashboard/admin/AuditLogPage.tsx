import { useState } from 'react';
import { AUDIT_KINDS, type AuditEntry, type AuditKind, type AuditLogPage as Page } from '../../../common/contracts/audit';
import { adminApi } from './admin-api';
import { AdminLoaded, Field } from './shared';
import { useAdminData } from './use-admin-data';
import { ScrollRegion } from '../views/shared';

const KIND_LABELS: Record<AuditKind, string> = {
  'admin-action': 'Admin action',
  'login-failed': 'Failed sign-in',
  'login-locked': 'Account locked',
  'auth-failed': 'Refused secret',
  'auth-throttled': 'Secrets throttled',
};

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
const shown = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
const pairs = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}: ${shown(v)}`)
    .join('; ');

/** What an entry did, in one cell: an admin action's name, target ids and answer; other kinds their detail. */
function What({ entry }: { entry: AuditEntry }) {
  if (entry.kind !== 'admin-action') return <>{pairs(entry.detail)}</>;
  const d = entry.detail as { action?: string; method?: string; route?: string; target?: Record<string, unknown>; status?: number };
  const refused = (d.status ?? 0) >= 400;
  return (
    <>
      <strong>{d.action}</strong> {d.target && Object.keys(d.target).length > 0 && <span>({pairs(d.target)})</span>}{' '}
      <span className={refused ? 'form-error' : 'muted'}>{refused ? `refused ${d.status}` : `done ${d.status}`}</span>
      <br />
      <span className="muted">
        {d.method} {d.route}
      </span>
    </>
  );
}

/**
 * The server's audit log, newest first, 100 at a time: admin actions (who changed what, done or
 * refused), failed sign-ins and refused secrets. Never a secret: the server keeps none in it.
 */
export function AuditLogPage() {
  const [kind, setKind] = useState<AuditKind | null>(null);
  const [before, setBefore] = useState<number | null>(null);
  const [data, reload] = useAdminData<Page>(() => adminApi.auditLog(kind, before));
  const show = (k: AuditKind | null, b: number | null) => {
    setKind(k);
    setBefore(b);
    reload();
  };
  return (
    <section className="admin-page">
      <form className="admin-form" onSubmit={(e) => e.preventDefault()}>
        <Field label="Kind">
          <select name="kind" value={kind ?? ''} onChange={(e) => show((e.target.value || null) as AuditKind | null, null)}>
            <option value="">Every kind</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <h2 id="audit-heading">{before ? 'Older entries' : 'Newest entries'}</h2>
      <AdminLoaded data={data} what="the audit log">
        {(page) =>
          page.entries.length === 0 ? (
            <p className="empty-state" data-testid="audit-none">
              No entries{kind ? ` of kind "${KIND_LABELS[kind]}"` : ''}.
            </p>
          ) : (
            <>
              <ScrollRegion labelledBy="audit-heading">
                <table data-testid="audit-table">
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Who</th>
                      <th scope="col">What</th>
                      <th scope="col">From</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.entries.map((e) => (
                      <tr key={e.id} data-kind={e.kind}>
                        <td>{when(e.at)}</td>
                        <td>{KIND_LABELS[e.kind]}</td>
                        <th scope="row">{e.subject ?? <span className="muted">unknown</span>}</th>
                        <td>
                          <What entry={e} />
                        </td>
                        <td>{e.ip ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <p>
                {before && (
                  <button type="button" className="button" onClick={() => show(kind, null)}>
                    Newest
                  </button>
                )}{' '}
                {page.nextBefore && (
                  <button type="button" className="button" onClick={() => show(kind, page.nextBefore)}>
                    Older entries
                  </button>
                )}
              </p>
            </>
          )
        }
      </AdminLoaded>
    </section>
  );
}
