// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { SecurityEventRow } from '../../../common/contracts/security-events';
import type { DashboardApi } from '../../../renderer/dashboard/api';
import { SecurityEventsView } from '../../../renderer/dashboard/views/SecurityEventsView';
import { mountDashboard } from './mount';

let container: HTMLDivElement;

async function render(api: Partial<DashboardApi>, view: React.ReactNode) {
  container = await mountDashboard(view, api);
}

const event = (id: string, stationId: string, kind: SecurityEventRow['kind'], detail: string): SecurityEventRow => ({
  id,
  kind,
  detail,
  occurredAt: '2026-12-01T09:30:00.000Z',
  receivedAt: '2026-12-01T09:30:05.000Z',
  terminalId: 't1',
  terminalName: 'Press 4 kiosk',
  siteId: 'plant-2',
  stationId,
});

describe('issue 12 item 4: security events on the dashboard', () => {
  const events = [
    event('e1', 'press-4', 'pin-lockout', 'supervisor:E1006: 5 wrong PINs, lockout 1 since the last right PIN, locked until 2026-12-01T09:35:00.000Z'),
    event('e2', 'paint-1', 'pin-lockout', 'diagnostics: 5 wrong PINs'),
  ];
  const rows = () => [...container.querySelectorAll('[data-testid="security-events-table"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));

  it("lists the terminals' PIN lockouts for the chosen site, narrowed to the station filter", async () => {
    const securityEvents = vi.fn(async () => ({ events }));
    await render({ securityEvents }, <SecurityEventsView filters={{ site: 'plant-2', station: 'press-4' }} />);
    expect(securityEvents).toHaveBeenCalledWith('plant-2');
    expect(container.querySelector('#security-title')?.textContent).toBe('1 security event at the terminals');
    expect(rows()).toEqual([['2026-12-01 09:30 UTC', 'PIN lockout', 'Press 4 kiosk plant-2 / press-4', events[0]!.detail]]);
  });

  it('says so when there are none', async () => {
    await render({ securityEvents: async () => ({ events: [] }) }, <SecurityEventsView filters={{}} />);
    expect(container.querySelector('[data-testid="security-events-none"]')?.textContent).toBe('No security events.');
  });
});
