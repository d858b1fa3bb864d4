// @vitest-environment jsdom
import { expect, it } from 'vitest';
import type { SessionResponse } from '../../../common/contracts/dashboard';
import type { DashboardApi } from '../../../renderer/dashboard/api';
import { App } from '../../../renderer/dashboard/App';
import { mount } from './mount';

/** The dashboard page as it opens, against a server that answers the session check with `session`. */
function open(session: SessionResponse): Promise<HTMLElement> {
  const api = { session: async () => session } as Partial<DashboardApi> as DashboardApi;
  return mount(<App api={api} />, { settle: true });
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
