// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import QRCode from 'qrcode';
import { afterEach, expect, it } from 'vitest';
import type { KioskSnapshot, MyTraining } from '../../../common/contracts/kiosk-api';
import { App } from '../../../renderer/src/App';
import { KioskProvider } from '../../../renderer/src/state/context';
import { createKioskStore } from '../../../renderer/src/state/store';
import { fakeTransport, signedIn } from './fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLDivElement;
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const training: MyTraining = {
  certifications: [
    { id: 'c1', name: 'Press operator', state: 'valid', validFrom: '2026-11-01T00:00:00.000Z', validUntil: '2027-11-01T00:00:00.000Z', verifyUrl: 'https://learn.example/verify/c1' },
    { id: 'c2', name: 'Forklift', state: 'expired', validFrom: '2025-01-01T00:00:00.000Z', validUntil: '2026-01-01T00:00:00.000Z', verifyUrl: 'https://learn.example/verify/c2' },
  ],
  recent: [{ lessonId: 'lockout', title: 'Bloqueo y etiquetado', completedAt: '2026-11-24T09:00:00.000Z', passed: true, score: 0.8 }],
};

async function mount(snapshot: KioskSnapshot) {
  const fake = fakeTransport();
  fake.transport.api.getMyTraining = async () => training;
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

const byTestId = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

it('"My training" shows the certifications with a QR code of each verify URL and the recent lessons, in Spanish', async () => {
  await mount(signedIn('w-1002', 'Lucía', 'es'));
  expect(byTestId('my-training-open')!.textContent).toBe('Mi formación');
  await act(async () => byTestId('my-training-open')!.click());
  const screen = byTestId('my-training')!;
  expect(screen.textContent).toContain('Press operator');
  expect(screen.textContent).toContain('Válida hasta el 2027-11-01');
  expect(screen.textContent).toContain('Caducó el 2026-01-01');
  expect(screen.textContent).toContain('Bloqueo y etiquetado');
  expect(screen.textContent).toContain('Aprobada (80 %)');
  const qrs = [...container.querySelectorAll<SVGElement>('[data-testid="credential-qr"]')];
  expect(qrs.map((q) => q.getAttribute('data-qr-text'))).toEqual(['https://learn.example/verify/c1', 'https://learn.example/verify/c2']);
  // The drawn modules are the QR code of that URL.
  const modules = QRCode.create('https://learn.example/verify/c1', { errorCorrectionLevel: 'M' }).modules;
  const drawn = (qrs[0].querySelector('path')!.getAttribute('d')!.match(/M/g) ?? []).length;
  expect(drawn).toBe([...modules.data].filter(Boolean).length);
});

it("a badge switch while it is open shows the new worker's greeting, not the old record", async () => {
  const fake = await mount(signedIn('w-1002', 'Lucía', 'es'));
  await act(async () => byTestId('my-training-open')!.click());
  expect(byTestId('my-training')).not.toBeNull();
  await act(async () => fake.push(signedIn('w-1003', 'Sam', 'en')));
  expect(byTestId('my-training')).toBeNull();
  expect(byTestId('greeting')!.textContent).toBe('Hi Sam');
});
