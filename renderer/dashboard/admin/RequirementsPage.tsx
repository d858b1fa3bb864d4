import { useState } from 'react';
import { adminApi, type PublishedLesson, type Requirements, type Site } from './admin-api';
import { ActionError, AdminLoaded, Field } from './shared';
import { useAction, useAdminData } from './use-admin-data';

const loadAll = () => Promise.all([adminApi.requirements(), adminApi.lessons(), adminApi.sites()]);

type Owner = { kind: 'role'; role: string } | { kind: 'station'; siteId: string; stationId: string };

const titleOf = (l: PublishedLesson) => l.titles.en ?? Object.values(l.titles)[0] ?? l.id;
const recert = (l: PublishedLesson) => (l.recertifyAfterDays === null ? 'never expires' : `recertify every ${l.recertifyAfterDays} days`);

function current(reqs: Requirements, owner: Owner): { lessons: string[]; skills: string[] } {
  const row = owner.kind === 'role' ? reqs.roles.find((r) => r.role === owner.role) : reqs.stations.find((s) => s.siteId === owner.siteId && s.stationId === owner.stationId);
  return { lessons: row?.lessons ?? [], skills: row?.skills ?? [] };
}

function Editor({ reqs, lessons, owner, onSaved }: { reqs: Requirements; lessons: PublishedLesson[]; owner: Owner; onSaved: () => void }) {
  const saved = current(reqs, owner);
  const [chosen, setChosen] = useState<string[]>(saved.lessons);
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const who = owner.kind === 'role' ? `role ${owner.role}` : `station ${owner.siteId} / ${owner.stationId}`;
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const save = () =>
    action
      .run(() =>
        adminApi.setRequirements(
          owner.kind === 'role'
            ? { roles: [{ role: owner.role, lessons: chosen, skills: saved.skills }] }
            : { stations: [{ siteId: owner.siteId, stationId: owner.stationId, lessons: chosen, skills: saved.skills }] },
        ),
      )
      .then((ok) => ok && (setDone(`Saved for ${who}: terminals get it at their next sync`), onSaved()));
  if (lessons.length === 0) return <p className="empty-state">No lessons are published yet: publish the content pack first (npm run content -- publish).</p>;
  return (
    <fieldset className="panel requirement-editor">
      <legend>Lessons required for {who}</legend>
      <ul className="admin-list">
        {lessons.map((l) => (
          <li key={l.id}>
            <label className="check-field">
              <input type="checkbox" checked={chosen.includes(l.id)} onChange={() => toggle(l.id)} /> {titleOf(l)} <span className="muted">({l.id}, {recert(l)})</span>
            </label>
          </li>
        ))}
      </ul>
      <p className="muted">
        Workers do required lessons in prerequisite order ("step 1 of 3"); the recertification interval is the lesson's own
        (front matter <code>recertify_after</code> or <code>required_for.recert_days</code>).
      </p>
      <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void save()}>
        Save requirements
      </button>
      <ActionError error={action.error} />
      {done && <p role="status">{done}</p>}
    </fieldset>
  );
}

/** What each role and station requires: the same table as `requirements set` and front matter `required_for`. */
export function RequirementsPage() {
  const [data, reload] = useAdminData(loadAll);
  const [pick, setPick] = useState<{ kind: 'role' | 'station'; role: string; station: string }>({ kind: 'station', role: '', station: '' });
  return (
    <section className="admin-page">
      <AdminLoaded data={data} what="requirements">
        {([reqs, lessons, sites]: [Requirements, PublishedLesson[], Site[]]) => {
          const stations = sites.flatMap((s) => s.stations.map((st) => ({ value: `${s.id}/${st.id}`, label: `${s.name} / ${st.name}` })));
          const station = pick.station || stations[0]?.value || '';
          const owner: Owner | null =
            pick.kind === 'role' ? (pick.role.trim() ? { kind: 'role', role: pick.role.trim() } : null) : station ? { kind: 'station', siteId: station.split('/')[0], stationId: station.split('/')[1] } : null;
          const none = reqs.roles.length === 0 && reqs.stations.length === 0;
          return (
            <>
              {none && <p className="empty-state">No requirements are set yet, so every lesson is optional: choose a station or a role below and tick what it requires.</p>}
              <div className="admin-form">
                <Field label="Requirement for">
                  <select name="owner-kind" value={pick.kind} onChange={(e) => setPick({ ...pick, kind: e.target.value as 'role' | 'station' })}>
                    <option value="station">a station</option>
                    <option value="role">a role (at every site)</option>
                  </select>
                </Field>
                {pick.kind === 'station' ? (
                  <Field label="Station">
                    <select name="owner-station" value={station} onChange={(e) => setPick({ ...pick, station: e.target.value })}>
                      {stations.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
                    </select>
                  </Field>
                ) : (
                  <Field label="Role" hint="as in the roster's roles column, e.g. press-operator">
                    <input name="owner-role" list="known-roles" value={pick.role} onChange={(e) => setPick({ ...pick, role: e.target.value })} />
                    <datalist id="known-roles">
                      {reqs.roles.map((r) => <option key={r.role} value={r.role} />)}
                    </datalist>
                  </Field>
                )}
              </div>
              {owner && <Editor key={JSON.stringify(owner) + JSON.stringify(reqs)} reqs={reqs} lessons={lessons} owner={owner} onSaved={reload} />}
              <h2>Set now</h2>
              {none ? (
                <p className="muted">Nothing yet.</p>
              ) : (
                <ul className="admin-list" data-testid="requirements-list">
                  {reqs.stations.map((s) => <li key={`${s.siteId}/${s.stationId}`}>Station {s.siteId} / {s.stationId}: {s.lessons.join(', ') || 'nothing'}</li>)}
                  {reqs.roles.map((r) => <li key={r.role}>Role {r.role}: {r.lessons.join(', ') || 'nothing'}</li>)}
                </ul>
              )}
            </>
          );
        }}
      </AdminLoaded>
    </section>
  );
}
