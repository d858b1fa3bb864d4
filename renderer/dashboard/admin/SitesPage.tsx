import { useState } from 'react';
import { adminApi, type Site } from './admin-api';
import { ActionError, AdminLoaded, Field } from './shared';
import { useAction, useAdminData } from './use-admin-data';

const ID_HINT = 'lowercase letters, digits and dashes, e.g. press-line-4';

function Rename({ label, name, onSave }: { label: string; name: string; onSave: (name: string) => Promise<boolean> }) {
  const [value, setValue] = useState(name);
  return (
    <form className="inline-form" onSubmit={(e) => (e.preventDefault(), void onSave(value))}>
      <input aria-label={`New name for ${label}`} value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" className="button" disabled={value.trim() === '' || value === name}>
        Rename
      </button>
    </form>
  );
}

/** Sites and their stations: create and rename (terminals get the names at their next sync). */
export function SitesPage() {
  const [data, reload] = useAdminData(adminApi.sites);
  const action = useAction();
  const [site, setSite] = useState({ id: '', name: '' });
  const [station, setStation] = useState({ siteId: '', id: '', name: '' });
  const save = (fn: () => Promise<unknown>) => action.run(fn).then((ok) => (ok && reload(), ok));

  return (
    <section className="admin-page" aria-labelledby="sites-heading">
      <h2 id="sites-heading">New site</h2>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(() => adminApi.saveSite(site.id.trim(), site.name.trim())).then((ok) => ok && setSite({ id: '', name: '' }));
        }}
      >
        <Field label="Site id" hint={ID_HINT}>
          <input name="site-id" value={site.id} onChange={(e) => setSite({ ...site, id: e.target.value })} required />
        </Field>
        <Field label="Site name">
          <input name="site-name" value={site.name} onChange={(e) => setSite({ ...site, name: e.target.value })} required />
        </Field>
        <button type="submit" className="button button-primary" disabled={action.busy}>
          Create site
        </button>
      </form>
      <AdminLoaded data={data} what="sites">
        {(sites: Site[]) => (
          <>
            <h2>New station</h2>
            {sites.length === 0 ? (
              <p className="empty-state">Create a site first; stations belong to a site.</p>
            ) : (
              <form
                className="admin-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  const siteId = station.siteId || sites[0].id;
                  void save(() => adminApi.saveStation(siteId, station.id.trim(), station.name.trim())).then((ok) => ok && setStation({ siteId, id: '', name: '' }));
                }}
              >
                <Field label="At site">
                  <select name="station-site" value={station.siteId || sites[0].id} onChange={(e) => setStation({ ...station, siteId: e.target.value })}>
                    {sites.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name} ({s.id})
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Station id" hint={ID_HINT}>
                  <input name="station-id" value={station.id} onChange={(e) => setStation({ ...station, id: e.target.value })} required />
                </Field>
                <Field label="Station name">
                  <input name="station-name" value={station.name} onChange={(e) => setStation({ ...station, name: e.target.value })} required />
                </Field>
                <button type="submit" className="button button-primary" disabled={action.busy}>
                  Create station
                </button>
              </form>
            )}
            <ActionError error={action.error} />
            <h2>Sites</h2>
            {sites.length === 0 && <p className="empty-state">No sites yet.</p>}
            {sites.map((s) => (
              <div key={s.id} className="panel site-admin" data-testid={`site-${s.id}`}>
                <h3>
                  {s.name} <span className="muted">{s.id}</span>
                </h3>
                <Rename label={`site ${s.id}`} name={s.name} onSave={(name) => save(() => adminApi.saveSite(s.id, name))} />
                {s.stations.length === 0 ? (
                  <p className="muted">No stations yet.</p>
                ) : (
                  <ul className="admin-list">
                    {s.stations.map((st) => (
                      <li key={st.id}>
                        <span>
                          {st.name} <span className="muted">{st.id}</span>
                        </span>
                        <Rename label={`station ${st.id}`} name={st.name} onSave={(name) => save(() => adminApi.saveStation(s.id, st.id, name))} />
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </>
        )}
      </AdminLoaded>
    </section>
  );
}
