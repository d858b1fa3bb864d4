import { useState } from 'react';
import { adminApi, type LrsKey } from './admin-api';
import { ActionError, AdminLoaded, Field } from './shared';
import { useAction, useAdminData } from './use-admin-data';
import { ScrollRegion } from '../views/shared';

/** Keys for xAPI reporting tools: read-only unless asked; the secret is shown once, right after creating it. */
export function LrsKeysPage() {
  const [data, reload] = useAdminData(adminApi.lrsKeys);
  const action = useAction();
  const [label, setLabel] = useState('');
  const [write, setWrite] = useState(false);
  const [created, setCreated] = useState<{ key: string; secret: string; write: boolean } | null>(null);
  return (
    <section className="admin-page">
      <h2>New LRS key</h2>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => setCreated(await adminApi.createLrsKey(label.trim(), write))).then((ok) => ok && (setLabel(''), setWrite(false), reload()));
        }}
      >
        <Field label="Label" hint="who uses it, e.g. Power BI reporting">
          <input name="label" value={label} onChange={(e) => setLabel(e.target.value)} required />
        </Field>
        <label className="check-field">
          <input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} /> May also write statements (leave off for reporting tools)
        </label>
        <button type="submit" className="button button-primary" disabled={action.busy}>Create key</button>
      </form>
      <ActionError error={action.error} />
      {created && (
        <div className="panel notice" role="status" data-testid="lrs-secret">
          <h3>Copy the secret now: it is not shown again</h3>
          <dl>
            <dt>Key</dt><dd><code>{created.key}</code></dd>
            <dt>Secret</dt><dd><code>{created.secret}</code></dd>
            <dt>Access</dt><dd>{created.write ? 'read and write' : 'read only'}</dd>
            <dt>Endpoint</dt><dd><code>{window.location.origin}/xapi/</code> (HTTP Basic)</dd>
          </dl>
          <button type="button" className="button" onClick={() => setCreated(null)}>I have copied it</button>
        </div>
      )}
      <h2 id="keys-heading">Keys</h2>
      <AdminLoaded data={data} what="LRS keys">
        {(keys: LrsKey[]) =>
          keys.length === 0 ? (
            <p className="empty-state">No LRS keys yet. Create one for each reporting tool, so each can be revoked alone.</p>
          ) : (
            <ScrollRegion labelledBy="keys-heading">
              <table>
                <thead><tr><th scope="col">Label</th><th scope="col">Key</th><th scope="col">Access</th><th scope="col">State</th></tr></thead>
                <tbody>
                  {keys.map((k) => (
                    <tr key={k.key}>
                      <th scope="row">{k.label}</th>
                      <td><code>{k.key}</code></td>
                      <td>{k.write ? 'read and write' : 'read only'}</td>
                      <td>
                        {k.revokedAt ? (
                          <span className="muted">Revoked {new Date(k.revokedAt).toLocaleString()}</span>
                        ) : (
                          <button type="button" className="button" onClick={() => void action.run(() => adminApi.revokeLrsKey(k.key)).then((ok) => ok && reload())}>
                            Revoke<span className="visually-hidden"> {k.label}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )
        }
      </AdminLoaded>
    </section>
  );
}
