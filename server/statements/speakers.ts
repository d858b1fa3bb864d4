import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import type { Principal } from '../plugins/auth';
import type { Claims, PreparedStatement } from './store';

/**
 * Who may say what (DESIGN.md, trust model). A terminal writes only for workers on its own site's
 * roster (by employee id under the canonical homePage) and only about lessons published to its site
 * (global or the site's own); what it writes then counts for that worker. An admin token may write
 * anything, and counts for a worker its actor names canonically. A terminal may also void statements
 * of its own site (statements/voiding.ts). An LRS key with write access
 * stores statements that count for no one: a reporting tool cannot certify a worker.
 */
export async function authorizeWrites(db: Queryable, batch: PreparedStatement[], principal: Principal): Promise<PreparedStatement[]> {
  return applySpeakers(batch, principal, await lookupSpeakers(db, batch, principal));
}

/** The claimed workers and lessons the database knows for a writer (one query), and which were asked. */
export interface Speakers {
  asked: { workers: ReadonlySet<string>; lessons: ReadonlySet<string> };
  workers: ReadonlySet<string>;
  lessons: ReadonlySet<string>;
}

/** Looks up, in one query, the roster and lessons the claims of a batch name, as this writer may use them. */
export async function lookupSpeakers(db: Queryable, claims: readonly Claims[], principal: Principal): Promise<Speakers> {
  const named = principal.kind === 'lrs' ? [] : [...new Set(claims.map((p) => p.claimedEmployee).filter((e): e is string => e !== null))];
  const lessons = principal.kind === 'terminal' ? [...new Set(claims.map((p) => p.claimedLesson).filter((l): l is string => l !== null))] : [];
  const known = await knownWorkersAndLessons(db, named, lessons, principal.kind === 'terminal' ? principal.siteId : null);
  return { asked: { workers: new Set(named), lessons: new Set(lessons) }, ...known };
}

/**
 * Who each statement counts for, or the refusal of the first a terminal may not write (pure, on
 * what lookupSpeakers found for claims that included these statements').
 */
export function applySpeakers(batch: PreparedStatement[], principal: Principal, known: Speakers): PreparedStatement[] {
  if (principal.kind === 'lrs') return batch;
  for (const p of batch) {
    const unasked = (p.claimedEmployee !== null && !known.asked.workers.has(p.claimedEmployee)) || (principal.kind === 'terminal' && p.claimedLesson !== null && !known.asked.lessons.has(p.claimedLesson));
    if (unasked) throw new Error(`statement ${p.id}: its claims were not looked up before it was authorized`);
  }
  if (principal.kind === 'admin') {
    return batch.map((p) => ({ ...p, employeeId: p.claimedEmployee !== null && known.workers.has(p.claimedEmployee) ? p.claimedEmployee : null }));
  }
  const site = principal.siteId;
  const { workers: onRoster, lessons: published } = known;
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

/**
 * Employee ids among `workerIds` on the roster (of one site, or of any when siteId is null), and
 * lesson ids among `lessonIds` published to that site (global or its own), withdrawn ones included:
 * a completion recorded offline before a withdrawal is still true. One query, one round trip: the
 * chunked path sends it first in its transaction and prepares the first chunk meanwhile.
 */
async function knownWorkersAndLessons(db: Queryable, workerIds: string[], lessonIds: string[], siteId: string | null): Promise<{ workers: Set<string>; lessons: Set<string> }> {
  const workers = new Set<string>();
  const lessons = new Set<string>();
  if (workerIds.length === 0 && lessonIds.length === 0) return { workers, lessons };
  const r = await db.query<{ worker: boolean; id: string }>(
    `SELECT true AS worker, employee_id AS id FROM workers WHERE employee_id = ANY($1::text[]) AND NOT deleted AND ($3::text IS NULL OR site_id = $3)
     UNION ALL
     SELECT DISTINCT false, id FROM lessons WHERE id = ANY($2::text[]) AND (site_id IS NULL OR site_id = $3)`,
    [workerIds, lessonIds, siteId],
  );
  for (const row of r.rows) (row.worker ? workers : lessons).add(row.id);
  return { workers, lessons };
}
