import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach } from 'vitest';
import type { DashboardApi } from '../../../renderer/dashboard/api';
import { DashboardProvider } from '../../../renderer/dashboard/context';

/**
 * React in jsdom for the dashboard's unit tests (files marked `@vitest-environment jsdom`): each
 * mount renders into a fresh container in the document, and is unmounted and removed after its test.
 */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const mounted: { root: Root; container: HTMLDivElement }[] = [];

afterEach(() => {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
});

/** Renders the view and lets its effects run; `settle` also waits one macrotask for mocked fetches to answer. */
export async function mount(view: React.ReactNode, { settle = false } = {}): Promise<HTMLDivElement> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  mounted.push({ root, container });
  await act(async () => root.render(view));
  if (settle) await act(async () => new Promise((r) => setTimeout(r, 0)));
  return container;
}

/** mount() inside the dashboard's context, with the API methods the view calls. */
export function mountDashboard(view: React.ReactNode, api: Partial<DashboardApi> = {}, { onSignedOut = () => {}, settle = false } = {}): Promise<HTMLDivElement> {
  return mount(<DashboardProvider value={{ api: api as DashboardApi, onSignedOut }}>{view}</DashboardProvider>, { settle });
}
