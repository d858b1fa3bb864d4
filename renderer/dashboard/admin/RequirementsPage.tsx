import { useState } from 'react';
import { adminApi, type PageRequirements, type PublishedLesson, type RequirementTerms, type Requirements, type ServerSettings } from './admin-api';
import { ActionError, AdminLoaded, Field } from './shared';
import { useAction, useAdminData } from './use-admin-data';

type Role = 'admin' | 'supervisor';
const noSettings = Promise.resolve(null);
const loaders: Record<Role, () => Promise<[PageRequirements, ServerSettings | null]>> = {
  admin: () => Promise.all([adminApi.pageRequirements(), adminApi.settings()]),
  supervisor: () => Promise.all([adminApi.pageRequirements(), noSettings]),
};

type Owner = { kind: 'role'; role: string } | { kind: 'station'; siteId: string; stationId: string };

const titleOf = (l: PublishedLesson) => l.titles.en ?? Object.values(l.titles)[0] ?? l.id;
const recert = (l: PublishedLesson) => (l.recertifyAfterDays === null ? 'never expires' : `recertify every ${l.recertifyAfterDays} days`);

function current(reqs: Requirements, owner: Owner): RequirementTerms {
  const row = owner.kind === 'role' ? reqs.roles.find((r) => r.role === owner.role) : reqs.stations.find((s) => s.siteId === owner.siteId && s.stationId === owner.stationId);
  return { lessons: row?.lessons ?? [], skills: row?.skills ?? [], recertDays: row?.recertDays ?? null, effectiveFrom: row?.effectiveFrom ?? null };
}

/** "every 180 days, from 2027-03-01" for the list of what is set; empty when the requirement has neither. */
export function describeTerms(t: Pick<RequirementTerms, 'recertDays' | 'effectiveFrom'>): string {
  return [t.recertDays === null ? '' : `recertify every ${t.recertDays} days`, t.effectiveFrom === null ? '' : `required from ${t.effectiveFrom}`].filter(Boolean).join(', ');
}

const moved = (list: string[], i: number, by: -1 | 1) => {
  const next = [...list];
  [next[i], next[i + by]] = [next[i + by]!, next[i]!];
  return next;
};

function Editor({ reqs, lessons, owner, onSaved }: { reqs: Requirements; lessons: PublishedLesson[]; owner: Owner; onSaved: () => void }) {
  const saved = current(reqs, owner);
  const [chosen, setChosen] = useState<string[]>(saved.lessons);
  const [days, setDays] = useState(saved.recertDays === null ? '' : String(saved.recertDays));
  const [from, setFrom] = useState(saved.effectiveFrom ?? '');
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const who = owner.kind === 'role' ? `role ${owner.role}` : `station ${owner.siteId} / ${owner.stationId}`;
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const nameOf = (id: string) => (byId.has(id) ? titleOf(byId.get(id)!) : id);
  // Ticking adds the lesson as the last step; the arrows reorder.
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const save = () => {
    const terms = { lessons: chosen, skills: saved.skills, recertDays: days.trim() === '' ? null : Number(days), effectiveFrom: from === '' ? null : from };
    return action
      .run(() =>
        adminApi.savePageRequirements(owner.kind === 'role' ? { roles: [{ role: owner.role, ...terms }] } : { stations: [{ siteId: owner.siteId, stationId: owner.stationId, ...terms }] }),
      )
      .then((ok) => ok && (setDone(`Saved for ${who}: terminals get it at their next sync`), onSaved()));
  };
  if (lessons.length === 0) return <p className="empty-state">No lessons are published yet: publish the content pack first (npm run content -- publish).</p>;
  return (
    <fieldset className="panel requirement-editor">
      <legend>Lessons required for {who}</legend>
      <h3>Steps, in order</h3>
      {chosen.length === 0 ? (
        <p className="muted">No lessons yet: tick them below.</p>
      ) : (
        <ol className="step-list" data-testid="requirement-steps">
          {chosen.map((id, i) => (
            <li key={id}>
              <span>
                {nameOf(id)} <span className="muted">({id})</span>
              </span>
              <span className="step-actions">
                <button type="button" className="button" aria-label={`Move ${nameOf(id)} up`} disabled={i === 0} onClick={() => setChosen((c) => moved(c, i, -1))}>
                  ↑ Up
                </button>
                <button type="button" className="button" aria-label={`Move ${nameOf(id)} down`} disabled={i === chosen.length - 1} onClick={() => setChosen((c) => moved(c, i, 1))}>
                  ↓ Down
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="muted">Workers get the steps in this order ("step 2 of 3"); a lesson's prerequisites still come before it.</p>
      <div className="admin-form">
        <Field label="Recertification interval (days)" hint="Empty: each lesson's own interval. Set: completions count this many days for this requirement.">
          <input name="recert-days" type="number" min={1} max={3650} step={1} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <Field label="Effective from" hint="Empty: required now. Before this date the lessons are due by it; after it, not done means overdue.">
          <input name="effective-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
      </div>
      <h3>Lessons</h3>
      <ul className="admin-list">
        {lessons.map((l) => (
          <li key={l.id}>
            <label className="check-field">
              <input type="checkbox" checked={chosen.includes(l.id)} onChange={() => toggle(l.id)} /> {titleOf(l)} <span className="muted">({l.id}, {recert(l)})</span>
            </label>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void save()}>
        Save requirements
      </button>
      <ActionError error={action.error} />
      {done && <p role="status">{done}</p>}
    </fieldset>
  );
}

function SetNow({ reqs }: { reqs: Requirements }) {
  const line = (label: string, t: RequirementTerms) => {
    const terms = describeTerms(t);
    return `${label}: ${t.lessons.join(' → ') || 'nothing'}${terms ? ` (${terms})` : ''}`;
  };
  return (
    <ul className="admin-list set-now" data-testid="requirements-list">
      {reqs.stations.map((s) => <li key={`${s.siteId}/${s.stationId}`}>{line(`Station ${s.siteId} / ${s.stationId}`, s)}</li>)}
      {reqs.roles.map((r) => <li key={r.role}>{line(`Role ${r.role}`, r)}</li>)}
    </ul>
  );
}

/** Admins: whether supervisors may set their own sites' station requirements (server setting, off by default). */
function SupervisorSetting({ settings, onSaved }: { settings: ServerSettings; onSaved: () => void }) {
  const action = useAction();
  const toggle = (on: boolean) => void action.run(() => adminApi.setSettings({ supervisorsEditStationRequirements: on })).then((ok) => ok && onSaved());
  return (
    <div className="panel">
      <label className="check-field">
        <input type="checkbox" name="supervisors-edit" checked={settings.supervisorsEditStationRequirements} disabled={action.busy} onChange={(e) => toggle(e.target.checked)} />
        Supervisors may set the requirements of stations at their own sites (never roles, which hold at every site)
      </label>
      <ActionError error={action.error} />
    </div>
  );
}

/**
 * What each role and station requires: the same table as `requirements set` and front matter
 * `required_for`. Supervisors (when an admin allows it) get their own sites' stations only.
 */
export function RequirementsPage({ role }: { role: Role }) {
  const [data, reload] = useAdminData(loaders[role]);
  const [pick, setPick] = useState<{ kind: 'role' | 'station'; role: string; station: string }>({ kind: 'station', role: '', station: '' });
  return (
    <section className="admin-page">
      <AdminLoaded data={data} what="requirements">
        {([page, settings]: [PageRequirements, ServerSettings | null]) => {
          const reqs = page.requirements;
          const stations = page.stations.map((st) => ({ value: `${st.siteId}/${st.stationId}`, label: `${st.siteName} / ${st.stationName}` }));
          const station = pick.station || stations[0]?.value || '';
          const kind = role === 'admin' ? pick.kind : 'station';
          const owner: Owner | null =
            kind === 'role' ? (pick.role.trim() ? { kind: 'role', role: pick.role.trim() } : null) : station ? { kind: 'station', siteId: station.split('/')[0], stationId: station.split('/')[1] } : null;
          const none = reqs.roles.length === 0 && reqs.stations.length === 0;
          return (
            <>
              {settings && <SupervisorSetting settings={settings} onSaved={reload} />}
              {none && <p className="empty-state">No requirements are set yet, so every lesson is optional: choose a station{role === 'admin' ? ' or a role' : ''} below and tick what it requires.</p>}
              <div className="admin-form">
                {role === 'admin' && (
                  <Field label="Requirement for">
                    <select name="owner-kind" value={pick.kind} onChange={(e) => setPick({ ...pick, kind: e.target.value as 'role' | 'station' })}>
                      <option value="station">a station</option>
                      <option value="role">a role (at every site)</option>
                    </select>
                  </Field>
                )}
                {kind === 'station' ? (
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
              {owner && <Editor key={JSON.stringify(owner) + JSON.stringify(reqs)} reqs={reqs} lessons={page.lessons} owner={owner} onSaved={reload} />}
              <h2>Set now</h2>
              {none ? <p className="muted">Nothing yet.</p> : <SetNow reqs={reqs} />}
            </>
          );
        }}
      </AdminLoaded>
    </section>
  );
}
