// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';
import type { DashboardApi } from '../../../renderer/dashboard/api';
import { DashboardProvider } from '../../../renderer/dashboard/context';
import { RequirementsPage } from '../../../renderer/dashboard/admin/RequirementsPage';
import { RosterPage } from '../../../renderer/dashboard/admin/RosterPage';
import { enrollmentPayload, qrDataUrl } from '../../../renderer/dashboard/admin/enrollment-qr';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLDivElement;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  vi.unstubAllGlobals();
});

type Handler = (method: string, url: string, body: unknown) => { status?: number; body: unknown };
function stubServer(handler: Handler) {
  const calls: Array<{ method: string; url: string; body: unknown; headers: Record<string, string> }> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' && init.body.startsWith('{') ? JSON.parse(init.body) : init.body;
    calls.push({ method, url, body, headers: init.headers as Record<string, string> });
    const r = handler(method, url, body);
    return new Response(JSON.stringify(r.body), { status: r.status ?? 200, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

async function render(view: React.ReactNode) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root!.render(<DashboardProvider value={{ api: {} as DashboardApi, onSignedOut: () => {} }}>{view}</DashboardProvider>));
  await act(async () => new Promise((r) => setTimeout(r, 0)));
}

const click = (el: Element | null | undefined) => act(async () => (el as HTMLElement).click());

const LESSONS = [
  { id: 'lockout', titles: { en: 'Lockout basics' }, recertifyAfterDays: 365, requiredFor: null },
  { id: 'press-basics', titles: { en: 'Press basics' }, recertifyAfterDays: null, requiredFor: null },
  { id: 'guards', titles: { en: 'Guards' }, recertifyAfterDays: null, requiredFor: null },
];
const PRESS = { siteId: 'plant-2', siteName: 'Plant 2', stationId: 'press-line-4', stationName: 'Press line 4' };

/** The page's server: GET/PUT /api/v1/dashboard/requirements (what the user may see and set) and the admin settings. */
function requirementsServer(initial: object, stations = [PRESS]) {
  let saved = initial;
  let settings = { supervisorsEditStationRequirements: false };
  const calls = stubServer((method, url, body) => {
    if (url === '/api/v1/dashboard/requirements' && method === 'PUT') return { body: ((saved = body as object), { changed: 1 }) };
    if (url === '/api/v1/dashboard/requirements') return { body: { requirements: saved, stations, lessons: LESSONS, canEdit: true } };
    if (url === '/api/v1/admin/settings' && method === 'PUT') return { body: (settings = { ...settings, ...(body as object) }) };
    if (url === '/api/v1/admin/settings') return { body: settings };
    return { status: 404, body: { error: 'not-found', message: url } };
  });
  return calls;
}

it('requirements page: says no requirements are set, then saves the ticked lessons for the chosen station with the CSRF header', async () => {
  const calls = requirementsServer({ roles: [], stations: [] });
  await render(<RequirementsPage role="admin" />);
  expect(container.textContent).toContain('No requirements are set yet, so every lesson is optional');
  expect(container.textContent).toContain('Lockout basics (lockout, recertify every 365 days)');
  const box = [...container.querySelectorAll('label')].find((l) => l.textContent?.includes('Lockout basics'))!.querySelector('input')!;
  await click(box);
  await click([...container.querySelectorAll('button')].find((b) => b.textContent === 'Save requirements'));
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  const put = calls.find((c) => c.method === 'PUT')!;
  expect(put.body).toEqual({ roles: [], stations: [{ siteId: 'plant-2', stationId: 'press-line-4', lessons: ['lockout'], skills: [], recertDays: null, effectiveFrom: null }] });
  expect(put.headers['X-Requested-With']).toBe('shiftlearn');
  expect(container.textContent).toContain('Station plant-2 / press-line-4: lockout');
});

it('requirements page: steps are reordered with labelled up/down buttons and saved with the interval and the effective date', async () => {
  const calls = requirementsServer({
    roles: [],
    stations: [{ siteId: 'plant-2', stationId: 'press-line-4', lessons: ['press-basics', 'lockout'], skills: ['guarding'], recertDays: null, effectiveFrom: null }],
  });
  await render(<RequirementsPage role="admin" />);
  const steps = () => [...container.querySelectorAll('[data-testid="requirement-steps"] li')].map((li) => li.firstElementChild!.textContent);
  expect(steps()).toEqual(['Press basics (press-basics)', 'Lockout basics (lockout)']);
  const button = (label: string) => container.querySelector(`button[aria-label="${label}"]`) as HTMLButtonElement;
  expect(button('Move Press basics up').disabled).toBe(true);
  expect(button('Move Lockout basics down').disabled).toBe(true);
  await click(button('Move Lockout basics up'));
  expect(steps()).toEqual(['Lockout basics (lockout)', 'Press basics (press-basics)']);
  // A ticked lesson becomes the last step.
  await click([...container.querySelectorAll('label')].find((l) => l.textContent?.includes('Guards'))!.querySelector('input'));
  expect(steps()).toEqual(['Lockout basics (lockout)', 'Press basics (press-basics)', 'Guards (guards)']);

  const type = (name: string, value: string) =>
    act(async () => {
      const input = container.querySelector(`input[name="${name}"]`) as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  await type('recert-days', '180');
  await type('effective-from', '2027-03-01');
  await click([...container.querySelectorAll('button')].find((b) => b.textContent === 'Save requirements'));
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
    roles: [],
    stations: [{ siteId: 'plant-2', stationId: 'press-line-4', lessons: ['lockout', 'press-basics', 'guards'], skills: ['guarding'], recertDays: 180, effectiveFrom: '2027-03-01' }],
  });
  expect(container.querySelector('[data-testid="requirements-list"]')!.textContent).toBe(
    'Station plant-2 / press-line-4: lockout → press-basics → guards (recertify every 180 days, required from 2027-03-01)',
  );
});

it('requirements page: an admin turns on the supervisors setting; a supervisor gets stations only, no roles and no setting', async () => {
  const calls = requirementsServer({ roles: [], stations: [] });
  await render(<RequirementsPage role="admin" />);
  const setting = container.querySelector('input[name="supervisors-edit"]') as HTMLInputElement;
  expect(setting.checked).toBe(false);
  await click(setting);
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  expect(calls.find((c) => c.url === '/api/v1/admin/settings' && c.method === 'PUT')!.body).toEqual({ supervisorsEditStationRequirements: true });
  expect((container.querySelector('input[name="supervisors-edit"]') as HTMLInputElement).checked).toBe(true);
  act(() => root?.unmount());
  container.remove();

  const sup = requirementsServer({ roles: [], stations: [] }, [PRESS, { ...PRESS, stationId: 'dock', stationName: 'Dock' }]);
  await render(<RequirementsPage role="supervisor" />);
  expect(container.querySelector('input[name="supervisors-edit"]')).toBeNull();
  expect(container.querySelector('select[name="owner-kind"]')).toBeNull();
  expect([...container.querySelectorAll('select[name="owner-station"] option')].map((o) => o.textContent)).toEqual(['Plant 2 / Press line 4', 'Plant 2 / Dock']);
  expect(sup.some((c) => c.url.startsWith('/api/v1/admin/'))).toBe(false);
});

it('roster page: a chosen file is previewed with the dry run; rows to fix are listed and there is no import button', async () => {
  const calls = stubServer(() => ({
    body: { dryRun: true, applied: false, sites: ['plant-2'], added: 3, changed: 0, deactivated: 0, unchanged: 0, badges: { added: 3, moved: 0, withdrawn: 0 }, errors: [{ row: 4, column: 'language', message: 'use a language code' }] },
  }));
  await render(<RosterPage />);
  const input = container.querySelector('input[type=file]') as HTMLInputElement;
  const file = { name: 'roster.csv', text: async () => 'badge_id,employee_id\n' };
  Object.defineProperty(input, 'files', { value: [file] });
  await act(async () => input.dispatchEvent(new Event('change', { bubbles: true })));
  await act(async () => new Promise((r) => setTimeout(r, 10)));
  expect(calls[0].url).toBe('/api/v1/admin/roster/import?dryRun=true');
  expect(container.textContent).toContain('Preview (nothing changed yet)');
  expect(container.textContent).toContain('Row 4 [language]: use a language code');
  expect([...container.querySelectorAll('button')].some((b) => b.textContent?.startsWith('Import'))).toBe(false);
});

it('the enrollment QR code holds the kiosk config fragment with the server URL and the code', async () => {
  const payload = enrollmentPayload('https://learn.plant2.example', 'CMCZ-3VAA-4KW8-PF4J');
  expect(JSON.parse(payload)).toEqual({ server: { url: 'https://learn.plant2.example', enrollmentCode: 'CMCZ-3VAA-4KW8-PF4J' } });
  const url = await qrDataUrl(payload);
  expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
  expect(decodeURIComponent(url)).toContain('<svg');
});
