// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';
import type { SessionResponse } from '../../../common/contracts/dashboard';
import type { DashboardApi } from '../../../renderer/dashboard/api';
import { App } from '../../../renderer/dashboard/App';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLDivElement;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

/** The dashboard page as it opens, against a server that answers the session check with `session`. */
async function open(session: SessionResponse): Promise<HTMLElement> {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  const api = { session: async () => session } as Partial<DashboardApi> as DashboardApi;
  await act(async () => root!.render(<App api={api} />));
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  return container;
}

it('on a fresh server the sign-in page says nobody can sign in yet and shows the command that creates the first admin', async () => {
  const page = await open({ signedIn: false, firstAdminNeeded: true });
  expect(page.querySelector('h1')?.textContent).toBe('Sign in to the dashboard');
  const hint = page.querySelector('[data-testid="first-admin"]');
  expect(hint?.textContent).toContain('Nobody can sign in yet');
  expect(hint?.querySelector('code')?.textContent).toMatch(/^echo '.+' \| npm run server -- user create --email .+ --role admin --password-stdin$/);
});

it('once anyone can sign in, the page is the sign-in form alone', async () => {
  const page = await open({ signedIn: false, firstAdminNeeded: false });
  expect(page.querySelector('h1')?.textContent).toBe('Sign in to the dashboard');
  expect(page.querySelector('[data-testid="first-admin"]')).toBeNull();
});
