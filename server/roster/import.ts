import type { RosterImportSummary } from '../../common/contracts/roster-import';
import { planUnderChangeLock } from '../db/change-lock';
import type { Db, Queryable } from '../db/db';
import { planRoster, readRoster, type RosterPlan, type RosterState, type ValidRow } from './plan';

async function loadState(db: Queryable, rows: readonly ValidRow[]): Promise<RosterState> {
  const sites = [...new Set(rows.map((r) => r.site))];
  const employees = [...new Set(rows.map((r) => r.employee_id))];
  const badgeIds = rows.map((r) => r.badge_id);
  // One after another: inside the apply transaction `db` is a single connection, which runs one query at a time.
  const stations = await db.query<{ site_id: string; id: string }>('SELECT site_id, id FROM stations WHERE site_id = ANY($1) AND NOT deleted', [sites]);
  const existingSites = await db.query<{ id: string }>('SELECT id FROM sites WHERE id = ANY($1) AND NOT deleted', [sites]);
  const workers = await db.query<{ employee_id: string; site_id: string; display_name: string; language: string; roles: string[]; stations: string[]; supervisor: boolean; active: boolean; deleted: boolean }>(
    `SELECT employee_id, site_id, display_name, language, roles, stations, supervisor, active, deleted FROM workers
      WHERE site_id = ANY($1) OR employee_id = ANY($2)`,
    [sites, employees],
  );
  const badges = await db.query<{ badge_id: string; employee_id: string; site_id: string; deleted: boolean }>(
    'SELECT badge_id, employee_id, site_id, deleted FROM badges WHERE site_id = ANY($1) OR badge_id = ANY($2)',
    [sites, badgeIds],
  );
  const bySite = new Map<string, Set<string>>(existingSites.rows.map((s) => [s.id, new Set<string>()]));
  for (const s of stations.rows) bySite.get(s.site_id)?.add(s.id);
  return {
    stations: bySite,
    workers: workers.rows.map((w) => ({
      employeeId: w.employee_id,
      siteId: w.site_id,
      name: w.display_name,
      language: w.language,
      roles: w.roles,
      stations: w.stations,
      supervisor: w.supervisor,
      active: w.active,
      deleted: w.deleted,
    })),
    badges: badges.rows.map((b) => ({ badgeId: b.badge_id, employeeId: b.employee_id, siteId: b.site_id, deleted: b.deleted })),
  };
}

/** Every write goes through the change sequence (triggers), so terminals pull exactly what changed. */
async function applyPlan(tx: Queryable, plan: RosterPlan): Promise<void> {
  const workers = [...plan.add, ...plan.change];
  if (workers.length > 0) {
    await tx.query(
      `INSERT INTO workers (employee_id, site_id, display_name, language, roles, stations, supervisor, active, deleted)
       SELECT x."employeeId", x."siteId", x.name, x.language, ARRAY(SELECT jsonb_array_elements_text(x.roles)),
              ARRAY(SELECT jsonb_array_elements_text(x.stations)), x.supervisor, true, false
         FROM jsonb_to_recordset($1::jsonb) AS x("employeeId" text, "siteId" text, name text, language text, roles jsonb, stations jsonb, supervisor boolean)
       ON CONFLICT (employee_id) DO UPDATE SET site_id = EXCLUDED.site_id, display_name = EXCLUDED.display_name, language = EXCLUDED.language,
         roles = EXCLUDED.roles, stations = EXCLUDED.stations, supervisor = EXCLUDED.supervisor, active = true, deleted = false`,
      [JSON.stringify(workers)],
    );
  }
  if (plan.badgeUpserts.length > 0) {
    await tx.query(
      `INSERT INTO badges (badge_id, employee_id, site_id, deleted)
       SELECT x."badgeId", x."employeeId", x."siteId", false FROM jsonb_to_recordset($1::jsonb) AS x("badgeId" text, "employeeId" text, "siteId" text)
       ON CONFLICT (badge_id) DO UPDATE SET employee_id = EXCLUDED.employee_id, site_id = EXCLUDED.site_id, deleted = false`,
      [JSON.stringify(plan.badgeUpserts)],
    );
  }
  if (plan.withdrawBadges.length > 0) await tx.query('UPDATE badges SET deleted = true WHERE badge_id = ANY($1) AND NOT deleted', [plan.withdrawBadges]);
  if (plan.deactivate.length > 0) await tx.query('UPDATE workers SET active = false WHERE employee_id = ANY($1) AND active', [plan.deactivate]);
}

function summary(plan: RosterPlan | null, errors: RosterPlan['errors'], dryRun: boolean, applied: boolean): RosterImportSummary {
  return {
    dryRun,
    applied,
    sites: plan?.sites ?? [],
    added: plan?.add.length ?? 0,
    changed: plan?.change.length ?? 0,
    deactivated: plan?.deactivate.length ?? 0,
    unchanged: plan?.unchanged ?? 0,
    badges: {
      added: plan?.badgeUpserts.filter((b) => !b.moved).length ?? 0,
      moved: plan?.badgeUpserts.filter((b) => b.moved).length ?? 0,
      withdrawn: plan?.withdrawBadges.length ?? 0,
    },
    errors: [...errors].sort((a, b) => a.row - b.row),
  };
}

/**
 * Imports an HR roster CSV. A dry run reports what would change and writes nothing. An apply is
 * all or nothing: with any row error nothing is written, otherwise everything is written in one
 * transaction, planned under the change lock so two imports never plan from the same state.
 */
export async function importRoster(db: Db, csv: string, opts: { dryRun: boolean }): Promise<RosterImportSummary> {
  const { rows, errors } = readRoster(csv);
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ row: 0, column: '', message: 'the file has a header but no workers: export the roster with one row per badge' });
  }
  if (opts.dryRun || errors.length > 0) {
    const plan = rows.length > 0 ? planRoster(rows, await loadState(db, rows)) : null;
    return summary(plan, [...errors, ...(plan?.errors ?? [])], opts.dryRun, false);
  }
  return db.transaction(async (tx) => {
    await planUnderChangeLock(tx);
    const plan = planRoster(rows, await loadState(tx, rows));
    if (plan.errors.length > 0) return summary(plan, plan.errors, false, false);
    await applyPlan(tx, plan);
    return summary(plan, [], false, true);
  });
}
