import { useDashboard } from '../context';
import { toSearch, viewTitles } from '../query';
import { adminApi } from './admin-api';
import { setupSteps, type SetupFacts } from './setup-steps';
import { useAdminData } from './use-admin-data';

/** Shown to admins on the overview until the site is set up end to end; every step links to its page. */
export function SetupChecklist({ workers }: { workers: number }) {
  const { api } = useDashboard();
  const [data] = useAdminData<Omit<SetupFacts, 'workers'>>(() =>
    Promise.all([adminApi.sites(), adminApi.lessons(), adminApi.requirements(), adminApi.codes(), api.terminals(), adminApi.users()]).then(
      ([sites, lessons, requirements, codes, fleet, users]) => ({ sites, lessons: lessons.length, requirements, codes, terminals: fleet.terminals.length, users }),
    ),
  );
  if (data.state !== 'ready') return null;
  const steps = setupSteps({ ...data.data, workers });
  const done = steps.filter((s) => s.done).length;
  if (done === steps.length) return null;
  return (
    <section className="panel setup-checklist" aria-labelledby="setup-heading" data-testid="setup-checklist">
      <h2 id="setup-heading">
        Setting up this server: {done} of {steps.length} done
      </h2>
      <ol>
        {steps.map((step) => (
          <li key={step.id} className={step.done ? 'done' : undefined}>
            <span aria-hidden="true">{step.done ? '✓' : '○'}</span>
            <span className="visually-hidden">{step.done ? 'Done:' : 'To do:'}</span>{' '}
            {step.view ? <a href={toSearch({ view: step.view })}>{step.title}</a> : <strong>{step.title}</strong>}
            <span className="muted"> {step.view && !step.done ? `(${viewTitles[step.view]}) ` : ''}{step.detail}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
