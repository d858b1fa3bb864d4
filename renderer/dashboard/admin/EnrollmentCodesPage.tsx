import { useEffect, useState } from 'react';
import { adminApi, type EnrollmentCodeInfo, type Site } from './admin-api';
import { enrollmentPayload, qrDataUrl } from './enrollment-qr';
import { ActionError, AdminLoaded, Field } from './shared';
import { useAction, useAdminData } from './use-admin-data';
import { ScrollRegion } from '../views/shared';

const loadAll = () => Promise.all([adminApi.codes(), adminApi.sites()]);
const LIFETIMES = [
  ['1 hour', 3_600],
  ['24 hours', 86_400],
  ['7 days', 7 * 86_400],
] as const;

function NewCode({ code, siteId, stationId, expiresAt }: { code: string; siteId: string; stationId: string; expiresAt: string }) {
  const serverUrl = window.location.origin;
  const payload = enrollmentPayload(serverUrl, code);
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    void qrDataUrl(payload).then(setQr);
  }, [payload]);
  return (
    <div className="panel notice enrollment-code" role="status" data-testid="new-code">
      <h3>Enrollment code for {siteId} / {stationId}: one terminal, one use</h3>
      <p className="code-text">
        <code data-testid="code">{code}</code>
      </p>
      <p>
        Expires {new Date(expiresAt).toLocaleString()}. Put it in the terminal config as <code>server.enrollmentCode</code> with{' '}
        <code>server.url</code> <code>{serverUrl}</code> (the address terminals reach this server on), or scan the code below into the
        terminal's setup. It is not shown again.
      </p>
      {qr && <img className="qr" src={qr} alt={`QR code with the server URL ${serverUrl} and enrollment code ${code}`} width={220} height={220} />}
      <details>
        <summary>What the QR code holds</summary>
        <pre>{payload}</pre>
      </details>
    </div>
  );
}

/** One-time codes that enroll a terminal at a station; listed by id and state, never the code itself. */
export function EnrollmentCodesPage() {
  const [data, reload] = useAdminData(loadAll);
  const action = useAction();
  const [choice, setChoice] = useState({ station: '', lifetime: 86_400 });
  const [created, setCreated] = useState<Awaited<ReturnType<typeof adminApi.createCode>> | null>(null);
  return (
    <section className="admin-page">
      <AdminLoaded data={data} what="enrollment codes">
        {([codes, sites]: [EnrollmentCodeInfo[], Site[]]) => {
          const stations = sites.flatMap((s) => s.stations.map((st) => ({ value: `${s.id}/${st.id}`, label: `${s.name} / ${st.name}` })));
          const chosen = choice.station || stations[0]?.value || '';
          return (
            <>
              <h2>New code</h2>
              {stations.length === 0 ? (
                <p className="empty-state">Create a site and a station first (Manage sites page).</p>
              ) : (
                <form
                  className="admin-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const [siteId, stationId] = chosen.split('/');
                    void action.run(async () => setCreated(await adminApi.createCode(siteId, stationId, choice.lifetime))).then((ok) => ok && reload());
                  }}
                >
                  <Field label="Station">
                    <select name="station" value={chosen} onChange={(e) => setChoice({ ...choice, station: e.target.value })}>
                      {stations.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
                    </select>
                  </Field>
                  <Field label="Valid for">
                    <select name="lifetime" value={choice.lifetime} onChange={(e) => setChoice({ ...choice, lifetime: Number(e.target.value) })}>
                      {LIFETIMES.map(([label, seconds]) => <option key={seconds} value={seconds}>{label}</option>)}
                    </select>
                  </Field>
                  <button type="submit" className="button button-primary" disabled={action.busy}>Create code</button>
                </form>
              )}
              <ActionError error={action.error} />
              {created && <NewCode {...created} />}
              <h2 id="codes-heading">Codes</h2>
              {codes.length === 0 ? (
                <p className="empty-state">No enrollment codes yet.</p>
              ) : (
                <ScrollRegion labelledBy="codes-heading">
                  <table>
                    <thead><tr><th scope="col">Station</th><th scope="col">Created</th><th scope="col">State</th><th scope="col" /></tr></thead>
                    <tbody>
                      {codes.map((c) => (
                        <tr key={c.id} data-testid={`code-${c.id}`}>
                          <th scope="row">{c.siteId} / {c.stationId} <span className="muted">#{c.id.slice(0, 6)}</span></th>
                          <td>{new Date(c.createdAt).toLocaleString()}</td>
                          <td>{c.status === 'pending' ? `pending, expires ${new Date(c.expiresAt).toLocaleString()}` : c.status === 'used' ? `used ${new Date(c.usedAt!).toLocaleString()}` : c.status}</td>
                          <td>
                            {c.status === 'pending' && (
                              <button type="button" className="button" onClick={() => void action.run(() => adminApi.revokeCode(c.id)).then((ok) => ok && reload())}>
                                Revoke<span className="visually-hidden"> the code for {c.siteId} / {c.stationId}</span>
                              </button>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              )}
            </>
          );
        }}
      </AdminLoaded>
    </section>
  );
}
