import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import type { Principal } from '../plugins/auth';
import type { PreparedStatement } from './store';

/**
 * Who may say what (DESIGN.md, trust model). A terminal writes only for workers on its own site's
 * roster (by employee id under the canonical homePage) and only about lessons published to its site
 * (global or the site's own); what it writes then counts for that worker. An admin token may write
 * anything, and counts for a worker its actor names canonically. A terminal may also void statements
 * of its own site (statements/voiding.ts). An LRS key with write access
 * stores statements that count for no one: a reporting tool cannot certify a worker.
 */
export async function authorizeWrites(db: Queryable, batch: PreparedStatement[], principal: Principal): Promise<PreparedStatement[]> {
  if (principal.kind === 'lrs') return batch;
  const named = [...new Set(batch.map((p) => p.claimedEmployee).filter((e): e is string => e !== null))];
  if (principal.kind === 'admin') {
    const known = await knownWorkers(db, named, null);
    return batch.map((p) => ({ ...p, employeeId: p.claimedEmployee !== null && known.has(p.claimedEmployee) ? p.claimedEmployee : null }));
  }
  const site = principal.siteId;
  const lessons = [...new Set(batch.map((p) => p.claimedLesson).filter((l): l is string => l !== null))];
  const [onRoster, published] = await Promise.all([knownWorkers(db, named, site), lessonsOfSite(db, lessons, site)]);
  return batch.map((p) => {
    if (p.claimedEmployee === null || !onRoster.has(p.claimedEmployee)) {
      throw refusal(
        p,
        'actor-on-site-roster',
        `its actor is not a worker on the roster of site "${site}" (actor.account must be {"homePage": "${p.statement.authority!.account!.homePage}", "name": "<employee id>"}): a terminal writes statements only for its own site's workers`,
      );
    }
    // a voiding statement names a statement, not a lesson: authorizeVoiding checks that it is one of the site's
    if (p.voids === null && (p.claimedLesson === null || !published.has(p.claimedLesson))) {
      throw refusal(p, 'lesson-published-to-site', `its object is not a lesson published to site "${site}": a terminal writes statements only about its site's lessons`);
    }
    return { ...p, employeeId: p.claimedEmployee };
  });
}

function refusal(p: PreparedStatement, rule: string, why: string): HttpError {
  return new HttpError(403, 'wrong-site', `statement ${p.id} was refused because ${why}`, { rule, statementIds: [p.id] });
}

/** Employee ids among `ids` on the roster (of one site, or of any when siteId is null). */
async function knownWorkers(db: Queryable, ids: string[], siteId: string | null): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await db.query<{ employee_id: string }>(
    'SELECT employee_id FROM workers WHERE employee_id = ANY($1::text[]) AND NOT deleted AND ($2::text IS NULL OR site_id = $2)',
    [ids, siteId],
  );
  return new Set(r.rows.map((row) => row.employee_id));
}

/** Lesson ids among `ids` published to a site (global or its own), withdrawn ones included: a completion recorded offline before a withdrawal is still true. */
async function lessonsOfSite(db: Queryable, ids: string[], siteId: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await db.query<{ id: string }>('SELECT DISTINCT id FROM lessons WHERE id = ANY($1::text[]) AND (site_id IS NULL OR site_id = $2)', [ids, siteId]);
  return new Set(r.rows.map((row) => row.id));
}
