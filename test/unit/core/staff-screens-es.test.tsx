// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';
import type { KioskSnapshot } from '../../../common/contracts/kiosk-api';
import type { DiagnosticsReport, StaffAccess } from '../../../common/contracts/staff';
import { App } from '../../../renderer/src/App';
import { KioskProvider } from '../../../renderer/src/state/context';
import { createKioskStore } from '../../../renderer/src/state/store';
import { fakeTransport, signedIn } from '../renderer/fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLDivElement;
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const report: DiagnosticsReport = {
  generatedAt: '2026-11-25T10:00:00.000Z',
  appVersion: '0.1.0',
  configSource: 'kiosk.json',
  terminal: { site: 'plant-2', station: 'press-line-4', stationName: 'Press line 4', demo: false },
  reader: { mode: 'wedge', state: 'listening', detail: null, lastReadAt: null },
  server: { url: 'http://learn.test', reachability: 'reachable', detail: null, checkedAt: '2026-11-25T10:00:00.000Z' },
  sync: { state: 'online', lastSyncAt: '2026-11-25T09:59:00.000Z', queued: 0, quarantined: 2, detail: null },
  disk: { dataDir: '/data', freeBytes: 2 * 1024 ** 3, totalBytes: 8 * 1024 ** 3, detail: null },
  pinLockouts: [],
  quarantine: [
    { statementId: 'aaaaaaaa-0000-4000-8000-000000000001', reason: 'statement-conflict: same id, different content', quarantinedAt: '2026-11-24T08:00:00.000Z' },
    { statementId: 'aaaaaaaa-0000-4000-8000-000000000002', reason: 'statement-conflict: same id, different content', quarantinedAt: '2026-11-24T08:01:00.000Z' },
  ],
  events: [],
};

/** A Spanish-speaking staff member signed in, with the given staff screen. */
function staffSnapshot(staff: StaffAccess): KioskSnapshot {
  return { ...signedIn('s-200', 'Sam', 'es-MX'), staff };
}

async function mount(snapshot: KioskSnapshot) {
  const fake = fakeTransport();
  fake.transport.api.verifyPin = async () => ({ outcome: 'wrong', attemptsLeft: 1 });
  fake.transport.api.getDiagnostics = async () => report;
  fake.transport.api.getStationBoard = async () => ({
    station: { id: 'press-line-4', name: 'Prensa 4' },
    generatedAt: '2026-11-25T10:00:00.000Z',
    workers: [{ workerId: 'w1', displayName: 'Ana Lopez', employeeId: 'E100', roles: [], status: 'overdue', counts: { done: 0, 'due-soon': 0, overdue: 1, failed: 0, 'never-started': 0 }, lastActivityAt: null, nextDueAt: null }],
    summary: { counts: { done: 0, 'due-soon': 0, overdue: 1, failed: 0, 'never-started': 0 }, total: 1, completionPercent: 0 },
  });
  const store = createKioskStore(fake.transport);
  fake.transport.onSnapshot((s) => store.getState().applySnapshot(s));
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => {
    root.render(
      <KioskProvider store={store} transport={fake.transport}>
        <App />
      </KioskProvider>,
    );
  });
  await act(async () => fake.push(snapshot));
  return fake;
}

const text = (id: string) => container.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;

it('a Spanish-speaking supervisor gets the PIN pad and its messages in Spanish', async () => {
  await mount(staffSnapshot({ kind: 'supervisor', stage: 'pin', name: 'Sam Boss', lockedUntil: null, pinConfigured: true }));
  expect(text('pin-pad')).toContain('PIN de supervisor');
  expect(text('pin-pad')).toContain('Introduce el PIN');
  for (const d of ['4', '9', '7', '2']) await act(async () => container.querySelector<HTMLElement>(`[data-testid="pin-key-${d}"]`)!.click());
  await act(async () => container.querySelector<HTMLElement>('[data-testid="pin-submit"]')!.click());
  expect(text('pin-error')).toBe('PIN incorrecto. Queda 1 intento antes de un bloqueo de 5 minutos.');
});

it('the station board speaks Spanish too', async () => {
  await mount(staffSnapshot({ kind: 'supervisor', stage: 'open', name: 'Sam Boss', lockedUntil: null, pinConfigured: true }));
  expect(text('station-board')).toContain('Tablero de la estación: Prensa 4');
  expect(text('station-board')).toContain('Sesión iniciada: Sam Boss');
  expect(text('board-summary')).toBe('0% de las lecciones requeridas de esta estación al día · 1 vencidas · 0 no aprobadas · 0 vencen pronto · 0 sin empezar');
  expect(text('board-row-w1')).toContain('Vencido');
  expect(text('board-legend')).toContain('No aprobada - repetir');
  expect(text('board-legend')).toContain('una lección se hizo pero no se aprobó: hay que repetirla');
});

it('diagnostics lists what the server refused, with the count and the reasons, and re-queues them in Spanish', async () => {
  const fake = await mount(staffSnapshot({ kind: 'diagnostics', stage: 'open', name: 'Robin', lockedUntil: null, pinConfigured: true }));
  const section = () => container.querySelector('[data-testid="diag-quarantine"]')!;
  expect(section().getAttribute('data-count')).toBe('2');
  expect(section().textContent).toContain('Rechazados por el servidor (2)');
  expect(section().querySelectorAll('tbody tr')).toHaveLength(2);
  expect(section().textContent).toContain('statement-conflict: same id, different content');
  expect(text('diag-sync')).toContain('2 rechazados');

  let requeued = 0;
  fake.transport.api.requeueQuarantined = async () => {
    requeued++;
    fake.transport.api.getDiagnostics = async () => ({ ...report, quarantine: [], sync: { ...report.sync!, queued: 2, quarantined: 0 } });
    return { requeued: 2 };
  };
  const button = container.querySelector<HTMLButtonElement>('[data-testid="diag-requeue"]')!;
  expect(button.textContent).toBe('Reenviar 2 rechazados');
  await act(async () => button.click());
  expect(requeued).toBe(1);
  expect(text('diag-requeue-outcome')).toBe('2 registros vuelven a la cola de sincronización.');
  // the report is read again: nothing refused is left, so no button
  expect(section().getAttribute('data-count')).toBe('0');
  expect(container.querySelector('[data-testid="diag-requeue"]')).toBeNull();
});
