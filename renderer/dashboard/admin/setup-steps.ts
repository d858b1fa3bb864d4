import type { View } from '../query';
import type { AdminUser, EnrollmentCodeInfo, Requirements, Site } from './admin-api';

/** What the server holds so far, read from the admin endpoints. */
export interface SetupFacts {
  sites: Site[];
  workers: number;
  lessons: number;
  requirements: Requirements;
  codes: EnrollmentCodeInfo[];
  terminals: number;
  users: AdminUser[];
}

export interface SetupStep {
  id: 'sites' | 'lessons' | 'roster' | 'requirements' | 'terminal' | 'supervisors';
  title: string;
  done: boolean;
  /** What is there, or what to do next. */
  detail: string;
  /** The page that does it; lessons are published with the content tool instead. */
  view?: View;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The README's site walkthrough as a checklist, in its order, each step ticked from what the server
 * holds rather than from what someone clicked, so it stays true after a CLI call or a restart.
 */
export function setupSteps(f: SetupFacts): SetupStep[] {
  const stations = f.sites.reduce((n, s) => n + s.stations.length, 0);
  const required = f.requirements.stations.filter((s) => s.lessons.length > 0).length + f.requirements.roles.filter((r) => r.lessons.length > 0).length;
  const pending = f.codes.filter((c) => c.status === 'pending').length;
  const supervisors = f.users.filter((u) => u.role === 'supervisor' && !u.disabled).length;
  return [
    {
      id: 'sites',
      title: 'Create a site and its stations',
      done: stations > 0,
      detail: f.sites.length === 0 ? 'No sites yet.' : `${count(f.sites.length, 'site')}, ${count(stations, 'station')}.`,
      view: 'sites',
    },
    {
      id: 'lessons',
      title: 'Publish the lessons',
      done: f.lessons > 0,
      detail: f.lessons > 0 ? `${count(f.lessons, 'lesson')} published.` : 'Run: npm run content -- publish --server URL --token-file admin-token.txt content/',
    },
    { id: 'roster', title: 'Import the roster', done: f.workers > 0, detail: f.workers > 0 ? `${count(f.workers, 'worker')} on the roster.` : 'No workers yet.', view: 'roster' },
    {
      id: 'requirements',
      title: 'Set what each station or role requires',
      done: required > 0,
      detail: required > 0 ? `${count(required, 'station or role', 'stations or roles')} with required lessons.` : 'Until then every lesson is optional.',
      view: 'requirements',
    },
    {
      id: 'terminal',
      title: 'Enroll a terminal',
      done: f.terminals > 0,
      detail: f.terminals > 0 ? `${count(f.terminals, 'terminal')} enrolled.` : pending > 0 ? `${count(pending, 'enrollment code')} waiting for a terminal.` : 'Create an enrollment code for a station.',
      view: f.terminals > 0 ? 'terminals' : 'enrollment',
    },
    {
      id: 'supervisors',
      title: 'Give supervisors a dashboard sign-in',
      done: supervisors > 0,
      detail: supervisors > 0 ? `${count(supervisors, 'supervisor')}.` : 'Supervisors see only their own sites.',
      view: 'users',
    },
  ];
}
