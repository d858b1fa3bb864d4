// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OverviewResponse, SkillMatrixResponse } from '../../../common/contracts/dashboard';
import { DashboardApiError, type DashboardApi } from '../../../renderer/dashboard/api';
import { DashboardProvider } from '../../../renderer/dashboard/context';
import { OverviewView } from '../../../renderer/dashboard/views/OverviewView';
import { SkillMatrixView } from '../../../renderer/dashboard/views/SkillMatrixView';

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
    lessons: [
      { id: 'lockout', title: 'Lockout' },
      { id: 'forklift', title: 'Forklift' },
    ],
    workers: [
      {
        id: 'A1',
        employeeId: 'A1',
        name: 'Ana',
        cells: {
          lockout: { status: 'overdue', completedAt: '2026-09-01T00:00:00Z', dueAt: '2026-10-01T00:00:00Z' },
          forklift: { status: 'done', completedAt: '2026-11-01T00:00:00Z', dueAt: null },
        },
      },
      { id: 'B2', employeeId: 'B2', name: 'Bo', cells: { lockout: { status: 'never-started', completedAt: null, dueAt: null } } },
    ],
  };

  it('labels every cell with a status word (not colour alone), and a missing cell as not required', async () => {
    await render({ skillMatrix: async () => matrix }, <SkillMatrixView filters={{ site: 'a' }} />);
    const rows = [...container.querySelectorAll('table.matrix tbody tr')].map((tr) => [...tr.children].map(cellText));
    expect(rows).toEqual([
      ['Ana A1', 'Overdue due Thu, 1 Oct 2026', 'Done done Sun, 1 Nov 2026'],
      ['Bo B2', 'Not started', 'Not required'],
    ]);
    expect(container.querySelector('a[download]')?.getAttribute('href')).toBe('/api/v1/dashboard/skill-matrix?site=a&format=csv');
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
  it('shows a station without requirements as "no station requirements", not as 100% complete', async () => {
    const overview: OverviewResponse = {
      sites: [
        {
          id: 'a',
          name: 'Plant A',
          completionPct: 50,
          overdue: 1,
          dueSoon: 0,
          workers: 2,
          stations: [
            { id: 'press', name: 'Press', workers: 2, completionPct: 50, overdue: 1, dueSoon: 0, neverStarted: 0 },
            { id: 'dock', name: 'Dock', workers: 0, completionPct: 100, overdue: 0, dueSoon: 0, neverStarted: 0 },
          ],
        },
      ],
    };
    await render({ overview: async () => overview }, <OverviewView filters={{}} />);
    const rows = [...container.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Press', '2', '50%', '1', '0', '0'],
      ['Dock', '0', '–no station requirements', '0', '0', '0'],
    ]);
    expect(container.querySelector('h3')?.textContent).toBe('Plant A');
  });
});
