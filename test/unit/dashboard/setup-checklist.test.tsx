// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeResponse, OverviewResponse } from '../../../common/contracts/dashboard';
import type { FleetResponse } from '../../../common/contracts/fleet';
import type { DashboardApi } from '../../../renderer/dashboard/api';
import { DashboardProvider } from '../../../renderer/dashboard/context';
import { setupSteps, type SetupFacts } from '../../../renderer/dashboard/admin/setup-steps';
import { OverviewView } from '../../../renderer/dashboard/views/OverviewView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const admin: MeResponse = { email: 'it@x.example', name: 'Site IT', role: 'admin', sites: [] };
const supervisor: MeResponse = { email: 's@x.example', name: 'Sue', role: 'supervisor', sites: [] };

const fresh: SetupFacts = { sites: [], workers: 0, lessons: 0, requirements: { roles: [], stations: [] }, codes: [], terminals: 0, users: [] };
const plant = { id: 'plant-2', name: 'Plant 2', stations: [{ id: 'press-4', name: 'Press line 4' }] };
const supervisorUser = { id: 'u1', email: 's@x.example', name: 'Sue', role: 'supervisor' as const, sites: ['plant-2'], disabled: false };

describe('setup steps', () => {
  it('on a fresh server nothing is done, and publishing names the command to run', () => {
    const steps = setupSteps(fresh);
    expect(steps.map((s) => [s.id, s.done])).toEqual([
      ['sites', false],
      ['lessons', false],
      ['roster', false],
      ['requirements', false],
      ['terminal', false],
      ['supervisors', false],
    ]);
    expect(steps.find((s) => s.id === 'lessons')!.detail).toContain('npm run content -- publish');
    expect(steps.find((s) => s.id === 'requirements')!.detail).toBe('Until then every lesson is optional.');
  });

  it('ticks each step from what the server holds: a site without stations, an empty requirement and a disabled supervisor do not count', () => {
    const half = setupSteps({
      ...fresh,
      sites: [{ ...plant, stations: [] }],
      lessons: 42,
      workers: 12,
      requirements: { roles: [{ role: 'packer', lessons: [], skills: [], recertDays: null, effectiveFrom: null }], stations: [] },
      codes: [{ id: 'c1', siteId: 'plant-2', stationId: 'press-4', createdAt: '', expiresAt: '', usedAt: null, revokedAt: null, status: 'pending' }],
      users: [{ ...supervisorUser, disabled: true }],
    });
    expect(Object.fromEntries(half.map((s) => [s.id, s.done]))).toEqual({ sites: false, lessons: true, roster: true, requirements: false, terminal: false, supervisors: false });
    expect(half.find((s) => s.id === 'sites')!.detail).toBe('1 site, 0 stations.');
    expect(half.find((s) => s.id === 'terminal')!.detail).toBe('1 enrollment code waiting for a terminal.');
  });
});

let root: Root | null = null;
let container: HTMLDivElement;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  vi.unstubAllGlobals();
});

/** The admin endpoints the checklist reads, answering from `facts`. */
function stubAdmin(facts: Omit<SetupFacts, 'workers' | 'terminals' | 'lessons'> & { lessonIds: string[] }) {
  vi.stubGlobal('fetch', async (url: string) => {
    const body = url.endsWith('/sites')
      ? { sites: facts.sites }
      : url.endsWith('/lessons')
        ? { lessons: facts.lessonIds.map((id) => ({ id, titles: { en: id }, recertifyAfterDays: null, requiredFor: null })) }
        : url.endsWith('/requirements')
          ? facts.requirements
          : url.endsWith('/enrollment-codes')
            ? { codes: facts.codes }
            : { users: facts.users };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
}

async function renderOverview(me: MeResponse, overview: OverviewResponse, terminals: number, filters = {}) {
  const fleet: FleetResponse = { staleAfterSeconds: 900, terminals: [] };
  const api = {
    overview: async () => overview,
    terminals: async () => ({ ...fleet, terminals: Array.from({ length: terminals }, () => ({}) as FleetResponse['terminals'][number]) }),
  } as Partial<DashboardApi>;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root!.render(<DashboardProvider value={{ api: api as DashboardApi, onSignedOut: () => {} }}><OverviewView filters={filters} me={me} /></DashboardProvider>));
  await act(async () => new Promise((r) => setTimeout(r, 0)));
}

const none = { required: 0, completionPct: null, overdue: 0, failed: 0, dueSoon: 0, neverStarted: 0 };

describe('overview for a new server', () => {
  it('an admin of a fresh server sees the checklist at 0 of 6 and a link to create the first site', async () => {
    stubAdmin({ ...fresh, lessonIds: [] });
    await renderOverview(admin, { sites: [] }, 0);
    const checklist = container.querySelector('[data-testid="setup-checklist"]')!;
    expect(checklist.querySelector('h2')?.textContent).toBe('Setting up this server: 0 of 6 done');
    expect([...checklist.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Create a site and its stations', '?view=sites'],
      ['Import the roster', '?view=roster'],
      ['Set what each station or role requires', '?view=requirements'],
      ['Enroll a terminal', '?view=enrollment'],
      ['Give supervisors a dashboard sign-in', '?view=users'],
    ]);
    expect(container.textContent).toContain('No sites yet: create the first one on Manage sites.');
    expect(container.textContent).not.toContain('No sites match the filters');
  });

  it('the checklist counts the roster from the overview and goes away once every step is done', async () => {
    const all = { sites: [plant], requirements: { roles: [], stations: [{ siteId: 'plant-2', stationId: 'press-4', lessons: ['lockout'], skills: [], recertDays: null, effectiveFrom: null }] }, codes: [], users: [supervisorUser], lessonIds: ['lockout'] };
    const overview: OverviewResponse = { sites: [{ id: 'plant-2', name: 'Plant 2', workers: 3, ...none, stations: [] }] };
    stubAdmin(all);
    await renderOverview(admin, overview, 0);
    expect(container.querySelector('[data-testid="setup-checklist"] h2')?.textContent).toBe('Setting up this server: 5 of 6 done');
    expect(container.textContent).toContain('3 workers on the roster.');
    act(() => root?.unmount());
    container.remove();
    await renderOverview(admin, overview, 1);
    expect(container.querySelector('[data-testid="setup-checklist"]')).toBeNull();
    expect(container.querySelector('h3')?.textContent).toBe('Plant 2');
  });

  it('a supervisor gets no checklist, and without sites is told to ask an admin', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await renderOverview(supervisor, { sites: [] }, 0);
    expect(container.querySelector('[data-testid="setup-checklist"]')).toBeNull();
    expect(container.textContent).toContain('Your account is not given any site yet: ask an admin to add your sites on the Users page.');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('with a filter that matches nothing, says so instead of offering to create a site', async () => {
    stubAdmin({ ...fresh, lessonIds: [] });
    await renderOverview(admin, { sites: [] }, 0, { site: 'nowhere' });
    expect(container.textContent).toContain('No sites match the filters.');
    expect(container.querySelector('[data-testid="setup-checklist"]')).toBeNull();
  });
});
