// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OverviewResponse, RecertCalendarResponse, SkillMatrixResponse } from '../../../common/contracts/dashboard';
import { en } from '../../../common/i18n/messages/en';
import { DashboardApiError, type DashboardApi } from '../../../renderer/dashboard/api';
import { DashboardProvider } from '../../../renderer/dashboard/context';
import { OverdueView } from '../../../renderer/dashboard/views/OverdueView';
import { OverviewView } from '../../../renderer/dashboard/views/OverviewView';
import { RecertCalendarView } from '../../../renderer/dashboard/views/RecertCalendarView';
import { SkillMatrixView } from '../../../renderer/dashboard/views/SkillMatrixView';
import { TerminalsView } from '../../../renderer/dashboard/views/TerminalsView';
import { DashboardPage } from '../../../renderer/dashboard/DashboardPage';
import type { FleetResponse } from '../../../common/contracts/fleet';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLDivElement;

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

async function render(api: Partial<DashboardApi>, view: React.ReactNode, onSignedOut = () => {}) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => {
    root!.render(<DashboardProvider value={{ api: api as DashboardApi, onSignedOut }}>{view}</DashboardProvider>);
  });
}

const cellText = (td: Element) => {
  const copy = td.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
  return copy.textContent?.replace(/\s+/g, ' ').trim();
};

describe('skill matrix view', () => {
  const matrix: SkillMatrixResponse = {
    scope: { siteId: 'a', stationId: null },
    total: 2,
    page: 1,
    pageSize: 50,
    lessons: [
      { id: 'lockout', title: 'Lockout' },
      { id: 'forklift', title: 'Forklift' },
    ],
    workers: [
      {
        id: 'A1',
        employeeId: 'A1',
        name: 'Ana',
        standing: 'overdue',
        cells: {
          lockout: { status: 'overdue', completedAt: '2026-09-01T00:00:00Z', dueAt: '2026-10-01T00:00:00Z' },
          forklift: { status: 'done', completedAt: '2026-11-01T00:00:00Z', dueAt: null },
        },
      },
      { id: 'B2', employeeId: 'B2', name: 'Bo', standing: 'failed', cells: { lockout: { status: 'failed', completedAt: null, dueAt: null } } },
    ],
  };

  it('labels every cell with a status word (not colour alone), and a missing cell as not required', async () => {
    await render({ skillMatrix: async () => matrix }, <SkillMatrixView filters={{ site: 'a' }} />);
    const rows = [...container.querySelectorAll('table.matrix tbody tr')].map((tr) => [...tr.children].map(cellText));
    expect(rows).toEqual([
      ['Ana A1', 'Overdue', 'Overdue due Thu, 1 Oct 2026', 'Done done Sun, 1 Nov 2026'],
      ['Bo B2', 'Not passed - retake', 'Not passed - retake', 'Not required'],
    ]);
    expect(container.querySelector('a[download]')?.getAttribute('href')).toBe('/api/v1/dashboard/skill-matrix?site=a&format=csv');
  });

  it('has a legend of every status in the station board\'s words', async () => {
    await render({ skillMatrix: async () => matrix }, <SkillMatrixView filters={{}} />);
    const legend = container.querySelector('[data-testid="status-legend"]')!;
    expect(legend.querySelector('h3')?.textContent).toBe(en.legendTitle);
    const lines = [...legend.querySelectorAll('.legend-row')].map((row) => [cellText(row.querySelector('dt')!), row.querySelector('dd')?.textContent]);
    expect(lines).toEqual([
      [en.statusOverdue, en.legendOverdue],
      [en.statusFailed, en.legendFailed],
      [en.statusDueSoon, en.legendDueSoon],
      [en.statusInProgress, en.legendInProgress],
      [en.statusNeverStarted, en.legendNeverStarted],
      [en.statusDone, en.legendDone],
      ['Not required', 'the lesson is not required of this worker'],
    ]);
  });

  it('shows a failed load as an alert naming what failed, and sends a lost session back to sign-in', async () => {
    await render({ skillMatrix: async () => Promise.reject(new DashboardApiError(403, 'site-out-of-scope', 'you cannot see site "b"')) }, <SkillMatrixView filters={{ site: 'b' }} />);
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Could not load the skill matrix: you cannot see site "b"');

    act(() => root?.unmount());
    const onSignedOut = vi.fn();
    await render({ skillMatrix: async () => Promise.reject(new DashboardApiError(401, 'not-signed-in', 'sign in')) }, <SkillMatrixView filters={{}} />, onSignedOut);
    expect(onSignedOut).toHaveBeenCalledOnce();
  });
});

describe('overview view', () => {
  const supervisor = { email: 's@x.example', name: 'Sue', role: 'supervisor' as const, sites: [{ id: 'a', name: 'Plant A' }] };
  const figures = { required: 4, completionPct: 50, overdue: 1, failed: 1, dueSoon: 0, neverStarted: 0 };
  const none = { required: 0, completionPct: null, overdue: 0, failed: 0, dueSoon: 0, neverStarted: 0 };

  it('shows a station without requirements as "no station requirements", not as 100% complete', async () => {
    const overview: OverviewResponse = {
      sites: [
        {
          id: 'a',
          name: 'Plant A',
          workers: 2,
          ...figures,
          stations: [
            { id: 'press', name: 'Press', workers: 2, ...figures },
            { id: 'dock', name: 'Dock', workers: 0, ...none },
          ],
        },
      ],
    };
    await render({ overview: async () => overview }, <OverviewView filters={{}} me={supervisor} />);
    const rows = [...container.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Press', '2', '50%', '1', '1', '0', '0'],
      ['Dock', '0', '–no station requirements', '0', '0', '0', '0'],
    ]);
    expect(container.querySelector('h3')?.textContent).toBe('Plant A');
    expect(container.textContent).toContain("a station's figure counts only the lessons that station requires");
  });

  it('says a site without requirements has none and links to setting them, with no completion figure', async () => {
    const overview: OverviewResponse = {
      sites: [{ id: 'plant 2', name: 'Plant 2', workers: 3, ...none, stations: [{ id: 'press', name: 'Press', workers: 3, ...none }] }],
    };
    await render({ overview: async () => overview }, <OverviewView filters={{}} me={supervisor} />);
    const empty = container.querySelector('[data-testid="no-requirements-plant 2"]')!;
    expect(empty.textContent).toMatch(/^No requirements set for this site - set them here\./);
    expect(empty.querySelector('a')?.getAttribute('href')).toBe('/dashboard/?view=requirements&site=plant+2');
    expect(container.textContent).not.toContain('%');
  });
});

describe('terminals (fleet) view', () => {
  const now = new Date('2026-12-01T10:00:00.000Z');
  const report = { appVersion: '1.4.0', siteId: 'plant-2', stationId: 'press-4', lastSyncAt: '2026-12-01T09:59:00.000Z', queued: 0, quarantined: 0, reader: { mode: 'wedge' as const, state: 'listening' }, dataDirFreeBytes: 5 * 1024 ** 3, receivedAt: '2026-12-01T09:59:00.000Z' };
  const base = { siteId: 'plant-2', stationId: 'press-4', enrolledAt: '2026-11-01T00:00:00.000Z', revokedAt: null };
  const fleet: FleetResponse = {
    staleAfterSeconds: 900,
    terminals: [
      { ...base, id: 't-ok', name: 'Press 4 kiosk', lastSeenAt: '2026-12-01T09:59:00.000Z', stale: false, status: report },
      { ...base, id: 't-stale', name: 'Press 4 spare', lastSeenAt: '2026-12-01T09:40:00.000Z', stale: true, status: { ...report, queued: 12, quarantined: 2, reader: { mode: 'hid', state: 'disconnected' }, dataDirFreeBytes: 300 * 1024 ** 2 } },
      { ...base, id: 't-old', name: 'Old kiosk', lastSeenAt: null, stale: false, revokedAt: '2026-11-20T00:00:00.000Z', status: null },
      { ...base, id: 't-other', siteId: 'plant-9', stationId: 'paint-1', name: 'Paint kiosk', lastSeenAt: '2026-12-01T09:59:30.000Z', stale: false, status: { ...report, siteId: 'plant-9', stationId: 'paint-1' } },
    ],
  };
  const rows = () => [...container.querySelectorAll('[data-testid="terminals-table"] tbody tr')].map((tr) => [...tr.children].map(cellText));

  it('lists every terminal with last seen, sync, queue, refused, reader, disk and version; stale ones first and marked in words', async () => {
    await render({ terminals: async () => fleet }, <TerminalsView filters={{}} now={now} />);
    expect(container.querySelector('#terminals-title')?.textContent).toBe('4 terminals, 1 stale');
    expect(rows()).toEqual([
      ['Press 4 spare plant-2 / press-4', 'Stale: last seen 20 min ago', '1 min ago', '12', '2', 'hid · disconnected', '300 MB', '1.4.0'],
      ['Press 4 kiosk plant-2 / press-4', '1 min ago', '1 min ago', '0', '0', 'wedge · listening', '5.0 GB', '1.4.0'],
      ['Paint kiosk plant-9 / paint-1', 'just now', '1 min ago', '0', '0', 'wedge · listening', '5.0 GB', '1.4.0'],
      ['Old kiosk plant-2 / press-4', 'Revoked', '-', '-', '-', '-', '-', 'no report'],
    ]);
    const stale = container.querySelector('[data-testid="terminal-t-stale"]')!;
    expect(stale.className).toBe('terminal-stale');
    expect(stale.getAttribute('data-stale')).toBe('true');
    expect(container.querySelector('[data-testid="terminal-t-ok"]')!.className).toBe('');
  });

  it('narrows to the site filter, and names a config that disagrees with where the terminal was enrolled', async () => {
    const moved = { ...fleet, terminals: [...fleet.terminals, { ...base, id: 't-moved', name: 'Moved kiosk', lastSeenAt: '2026-12-01T09:59:00.000Z', stale: false, status: { ...report, stationId: 'press-5' } }] };
    await render({ terminals: async () => moved }, <TerminalsView filters={{ site: 'plant-2' }} now={now} />);
    expect(rows().map((r) => r[0])).toEqual(['Press 4 spare plant-2 / press-4', 'Press 4 kiosk plant-2 / press-4', 'Moved kiosk plant-2 / press-4 (config says plant-2 / press-5)', 'Old kiosk plant-2 / press-4']);
  });
});

describe('terminals page in the dashboard nav', () => {
  const me = (role: 'admin' | 'supervisor') => ({ email: 'a@x', name: 'A', role, sites: [{ id: 'plant-2', name: 'Plant 2' }] });
  const api = { overview: async () => ({ sites: [] }) as unknown as OverviewResponse, terminals: async () => ({ staleAfterSeconds: 900, terminals: [] }) };
  afterEach(() => window.history.replaceState(null, '', '/'));
  const navLinks = () => [...container.querySelectorAll('nav a')].map((a) => a.textContent);

  it('is offered to admins only; a supervisor following a link to it is told it is for admins and nothing is loaded', async () => {
    await render(api, <DashboardPage me={me('admin')} onSignOut={() => {}} />);
    expect(navLinks()).toContain('Terminals');
    act(() => root?.unmount());
    container.remove();

    window.history.replaceState(null, '', '/?view=terminals');
    const terminals = vi.fn(api.terminals);
    await render({ ...api, terminals }, <DashboardPage me={me('supervisor')} onSignOut={() => {}} />);
    expect(navLinks()).not.toContain('Terminals');
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('The terminals page is for admins.');
    expect(terminals).not.toHaveBeenCalled();
  });
});

describe('overdue view', () => {
  it('pages on the server: shows which rows of the total, and asks for the next page', async () => {
    const row = (i: number) => ({ workerId: `W${i}`, employeeId: `W${i}`, workerName: `Worker ${i}`, siteId: 'a', lessonId: 'lockout', lessonTitle: 'Lockout', status: 'failed' as const, dueAt: null });
    const overdue = vi.fn(async (_filters: unknown, page = 1) => ({ rows: [row(page)], total: 250, page, pageSize: 100 }));
    await render({ overdue }, <OverdueView filters={{ site: 'a' }} me={{ email: 'x@y.z', name: 'X', role: 'admin', sites: [{ id: 'a', name: 'A' }] }} />);
    expect(container.querySelector('.pager [role="status"]')?.textContent).toBe('1-100 of 250 (page 1 of 3)');
    const next = [...container.querySelectorAll('.pager button')].find((b) => b.textContent === 'Next page') as HTMLButtonElement;
    await act(async () => next.click());
    expect(overdue).toHaveBeenLastCalledWith({ site: 'a' }, 2);
    expect(container.querySelector('.pager [role="status"]')?.textContent).toBe('101-200 of 250 (page 2 of 3)');
    expect(container.querySelector('tbody th')?.textContent).toBe('Worker 2');
  });

  it('starts again at page 1 when the filters change, and keeps the page while they do not', async () => {
    const row = (i: number) => ({ workerId: `W${i}`, employeeId: `W${i}`, workerName: `Worker ${i}`, siteId: 'a', lessonId: 'lockout', lessonTitle: 'Lockout', status: 'failed' as const, dueAt: null });
    const overdue = vi.fn(async (_filters: unknown, page = 1) => ({ rows: [row(page)], total: 250, page, pageSize: 100 }));
    const me = { email: 'x@y.z', name: 'X', role: 'admin' as const, sites: [{ id: 'a', name: 'A' }] };
    await render({ overdue }, <OverdueView filters={{ site: 'a' }} me={me} />);
    const next = [...container.querySelectorAll('.pager button')].find((b) => b.textContent === 'Next page') as HTMLButtonElement;
    await act(async () => next.click());
    expect(overdue).toHaveBeenLastCalledWith({ site: 'a' }, 2);
    // The same filters in a new object (a re-render of the page) keep page 2.
    await act(async () => root!.render(<DashboardProvider value={{ api: { overdue } as unknown as DashboardApi, onSignedOut: () => {} }}><OverdueView filters={{ site: 'a' }} me={me} /></DashboardProvider>));
    expect(container.querySelector('.pager [role="status"]')?.textContent).toBe('101-200 of 250 (page 2 of 3)');
    await act(async () => root!.render(<DashboardProvider value={{ api: { overdue } as unknown as DashboardApi, onSignedOut: () => {} }}><OverdueView filters={{ site: 'a', station: 'press' }} me={me} /></DashboardProvider>));
    expect(overdue).toHaveBeenLastCalledWith({ site: 'a', station: 'press' }, 1);
    expect(container.querySelector('.pager [role="status"]')?.textContent).toBe('1-100 of 250 (page 1 of 3)');
  });
});

describe('recertification calendar view', () => {
  const days = [
    { date: '2026-12-01', count: 120 },
    { date: '2026-12-03', count: 30 },
    { date: '2026-12-08', count: 1 },
  ];
  const item = (i: number, date: string) => ({ workerId: `W${i}`, workerName: `Worker ${i}`, lessonId: 'lockout', lessonTitle: 'Lockout', dueAt: `${date}T08:00:00.000Z` });

  it('counts every day of the window week by week, and lists who is due a page at a time', async () => {
    const recertCalendar = vi.fn(async (_filters: unknown, _days: number, page = 1): Promise<RecertCalendarResponse> => ({
      days,
      // page 1 is all of 1 December; page 2 starts with the rest of it
      items: page === 1 ? [item(1, '2026-12-01'), item(2, '2026-12-01')] : [item(101, '2026-12-01'), item(102, '2026-12-03')],
      total: 151,
      page,
      pageSize: 100,
    }));
    await render({ recertCalendar }, <RecertCalendarView filters={{ site: 'a' }} />);
    expect(recertCalendar).toHaveBeenLastCalledWith({ site: 'a' }, 60, 1);
    const weeks = [...container.querySelectorAll('.calendar-week')].map((w) => [w.querySelector('h3')?.textContent, [...w.querySelectorAll('li')].map((li) => li.textContent)]);
    expect(weeks).toEqual([
      ['Week of Mon, 30 Nov 2026 (150 recertifications)', ['Tue, 1 Dec 2026: 120', 'Thu, 3 Dec 2026: 30']],
      ['Week of Mon, 7 Dec 2026 (1 recertification)', ['Tue, 8 Dec 2026: 1']],
    ]);
    const listed = () => [...container.querySelectorAll('.calendar-day')].map((d) => [d.querySelector('h4')?.textContent, [...d.querySelectorAll('li')].map((li) => li.textContent)]);
    expect(listed()).toEqual([['Tue, 1 Dec 2026', ['Worker 1: Lockout', 'Worker 2: Lockout']]]);
    expect(container.querySelector('.pager [role="status"]')?.textContent).toBe('1-100 of 151 (page 1 of 2)');

    const next = [...container.querySelectorAll('.pager button')].find((b) => b.textContent === 'Next page') as HTMLButtonElement;
    await act(async () => next.click());
    expect(recertCalendar).toHaveBeenLastCalledWith({ site: 'a' }, 60, 2);
    expect(listed()).toEqual([
      ['Tue, 1 Dec 2026', ['Worker 101: Lockout']],
      ['Thu, 3 Dec 2026', ['Worker 102: Lockout']],
    ]);
    expect(container.querySelector('a.csv-link')?.getAttribute('href')).toBe('/api/v1/dashboard/recert-calendar?site=a&days=60&format=csv');
  });

  it('says so when nothing falls due in the window', async () => {
    await render({ recertCalendar: async () => ({ days: [], items: [], total: 0, page: 1, pageSize: 100 }) }, <RecertCalendarView filters={{}} />);
    expect(container.textContent).toContain('No recertifications fall due in the next 60 days.');
    expect(container.querySelector('.calendar')).toBeNull();
  });
});
