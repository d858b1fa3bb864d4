import { useState } from 'react';
import { adminApi, type RosterSummary } from './admin-api';
import { ActionError } from './shared';
import { useAction } from './use-admin-data';

function Summary({ r }: { r: RosterSummary }) {
  const title = r.dryRun ? 'Preview (nothing changed yet)' : r.applied ? 'Roster imported' : 'Roster NOT imported (nothing changed)';
  return (
    <div className="panel" role="status" aria-live="polite" data-testid="roster-summary">
      <h3>{title}</h3>
      <p>Sites: {r.sites.join(', ') || '-'}</p>
      <dl className="stats">
        <div><dt>Added</dt><dd>{r.added}</dd></div>
        <div><dt>Changed</dt><dd>{r.changed}</dd></div>
        <div><dt>Deactivated</dt><dd>{r.deactivated}</dd></div>
        <div><dt>Unchanged</dt><dd>{r.unchanged}</dd></div>
        <div><dt>Badges</dt><dd>{r.badges.added} added, {r.badges.moved} moved, {r.badges.withdrawn} withdrawn</dd></div>
      </dl>
      {r.errors.length > 0 && (
        <>
          <h4>{r.errors.length} row{r.errors.length === 1 ? '' : 's'} to fix</h4>
          <ul className="form-errors">
            {r.errors.map((e, i) => (
              <li key={i}>
                Row {e.row}
                {e.column ? ` [${e.column}]` : ''}: {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * The HR roster CSV: a preview first (the server's dry run plans every change and names each bad row),
 * then the import of exactly that file, all or nothing.
 */
export function RosterPage() {
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<RosterSummary | null>(null);
  const [result, setResult] = useState<RosterSummary | null>(null);
  const action = useAction();

  return (
    <section className="admin-page">
      <p>
        Columns: <code>badge_id, employee_id, name, language, site, roles, stations, supervisor</code> (roles and stations separated by
        semicolons). The file is the whole roster of the sites it names: workers missing from it are deactivated.
      </p>
      <label className="field">
        <span>Roster CSV file</span>
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            setPreview(null);
            setResult(null);
            if (!file) return setCsv(null);
            const text = await file.text();
            setCsv({ name: file.name, text });
            void action.run(async () => setPreview(await adminApi.importRoster(text, true)));
          }}
        />
      </label>
      {action.busy && <p role="status" className="muted">Working…</p>}
      <ActionError error={action.error} />
      {preview && <Summary r={preview} />}
      {csv && preview && preview.errors.length === 0 && !result && (
        <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void action.run(async () => setResult(await adminApi.importRoster(csv.text, false)))}>
          Import {csv.name}
        </button>
      )}
      {result && <Summary r={result} />}
    </section>
  );
}
