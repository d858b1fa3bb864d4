import { describe, expect, it } from 'vitest';
import { apiUrl, filtersOf, navGroupsFor, parseQuery, scopeToSites, toSearch, withFilter } from '../../../renderer/dashboard/query';

describe('dashboard URL state', () => {
  it('round-trips a view with its filters, so a copied link opens the same view', () => {
    const query = parseQuery('?view=matrix&site=a&station=press&role=operator');
    expect(query).toEqual({ view: 'matrix', site: 'a', station: 'press', role: 'operator' });
    expect(parseQuery(toSearch(query))).toEqual(query);
  });

  it('falls back to the overview for an unknown view and ignores blank filters', () => {
    expect(parseQuery('?view=nope&site=&role=%20')).toEqual({ view: 'overview', site: undefined, station: undefined, role: undefined });
  });

  it('forgets the station when the site changes, keeps it otherwise', () => {
    const query = parseQuery('?view=overview&site=a&station=press');
    expect(withFilter(query, 'site', 'b')).toMatchObject({ site: 'b', station: undefined });
    expect(withFilter(query, 'role', 'lead')).toMatchObject({ site: 'a', station: 'press', role: 'lead' });
    expect(withFilter(query, 'station', '')).toMatchObject({ station: undefined });
  });

  it('drops a linked site the signed-in user may not see instead of asking for it', () => {
    const query = parseQuery('?view=overdue&site=b&station=dock');
    expect(scopeToSites(query, ['a'])).toEqual({ view: 'overdue', site: undefined, station: undefined, role: undefined });
    expect(scopeToSites(query, ['a', 'b'])).toBe(query);
  });

  it('builds API and CSV URLs with only the filters that are set', () => {
    const filters = filtersOf(parseQuery('?view=calendar&site=a%20b&role=lead'));
    expect(apiUrl('recert-calendar', filters, { days: 60, format: 'csv' })).toBe(
      '/api/v1/dashboard/recert-calendar?site=a+b&role=lead&days=60&format=csv',
    );
    expect(apiUrl('me', {})).toBe('/api/v1/dashboard/me');
  });
});

describe('Requirements page for supervisors', () => {
  it('is offered to a supervisor only when an admin allows it', () => {
    const offered = (canEdit: boolean) => navGroupsFor('supervisor', canEdit).flatMap((g) => g.views);
    expect(offered(false)).not.toContain('requirements');
    expect(offered(true)).toContain('requirements');
    expect(offered(true)).not.toContain('users');
  });
});
