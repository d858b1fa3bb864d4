import type { Db, Queryable } from '../db/db';
import { applyRecords, COMPLETION_VERBS, lessonIdOf, lockWorkers, mergeRecords, passedOf, reduce, type CompletionFact, type RecordDelta, type RosterRow } from './records';
import { refreshSite, refreshWorkers, storeWorkerStates, type TouchedLessons } from './refresh';

/**
 * Keeping the dashboard summaries true: on every stored statement (same transaction), when an input
 * changed (sites marked dirty by triggers), when the clock moves a status, and on demand (rebuild).
 */

/** What of a newly stored statement the summaries read (statements/store.ts PreparedStatement). */
export interface StoredStatement {
  employeeId: string | null;
  /** The id of the statement this one voids (statements/voiding.ts), else null. */
  voids: string | null;
  verbId: string;
  activityId: string | null;
  statement: { timestamp?: string; result?: { success?: boolean; score?: { scaled?: number } } };
}

const completionVerbs: ReadonlySet<string> = new Set(COMPLETION_VERBS);

/** Called by storeStatements inside its transaction with the statements it inserted. */
export async function summariseStored(cacheKey: object, tx: Queryable, inserted: readonly StoredStatement[], now: Date): Promise<void> {
  await summariseVoided(cacheKey, tx, inserted.flatMap((p) => (p.voids === null ? [] : [p.voids])), now);
  const counted = inserted.filter((p) => p.employeeId !== null && completionVerbs.has(p.verbId) && lessonIdOf(p.activityId) !== null && p.statement.timestamp);
  if (counted.length === 0) return;
  const ids = [...new Set(counted.map((p) => p.employeeId!))].sort();
  const facts: CompletionFact[] = counted.map((p) => ({
    employeeId: p.employeeId!,
    lessonId: lessonIdOf(p.activityId)!,
    at: p.statement.timestamp!,
    passed: passedOf(p.verbId, p.statement.result?.success),
    score: p.statement.result?.score?.scaled ?? null,
  }));
  await lockWorkers(tx, ids);
  // Then two round trips: the merge, which reads back the workers' roster rows, records and the inputs' version; then the states.
  const delta = reduce(facts);
  const merged = await applyRecords(tx, delta);
  await storeWorkerStates(cacheKey, tx, ids, merged, now, touchedOnly(merged.roster, delta.records, now));
}

/**
 * The workers whose stored rows other than these lessons' still hold, with the lessons this batch
 * changed: a completion moves only its own lesson's cell (the engine reads each required lesson's
 * own record), and nothing else of the worker moved since their rows were computed while the
 * clock has not reached their valid_until (nor gone back before computed_at). Every other input
 * change (roster, requirements, lessons) marks the site dirty, and a dirty site is recomputed whole
 * before any read (ensureFresh). So a completion writes its cells, not all of its worker's; a
 * worker without stored rows, or past them, is written whole.
 */
function touchedOnly(roster: readonly RosterRow[], records: readonly RecordDelta[], now: Date): TouchedLessons {
  const holding = new Set(
    roster
      .filter((w) => w.current && w.computed_at !== null && Date.parse(w.computed_at) <= now.getTime() && (w.valid_until === null || Date.parse(w.valid_until) > now.getTime()))
      .map((w) => w.employee_id),
  );
  const touched = new Map<string, Set<string>>();
  for (const r of records) if (holding.has(r.employeeId)) (touched.get(r.employeeId) ?? touched.set(r.employeeId, new Set()).get(r.employeeId)!).add(r.lessonId);
  return touched;
}

/**
 * A voided completion no longer counts (voiding clears its employee_id in the same transaction):
 * facts merge by latest time and sum, which cannot be undone, so its worker's records are rebuilt
 * from their remaining statements.
 */
async function summariseVoided(cacheKey: object, tx: Queryable, targets: readonly string[], now: Date): Promise<void> {
  if (targets.length === 0) return;
  const r = await tx.query<{ employee_id: string }>(
    `SELECT DISTINCT w.employee_id FROM statements s JOIN workers w ON w.employee_id = s.statement->'actor'->'account'->>'name'
      WHERE s.id = ANY($1::uuid[]) AND s.voided_by IS NOT NULL`,
    [targets],
  );
  const ids = r.rows.map((row) => row.employee_id);
  if (ids.length === 0) return;
  await lockWorkers(tx, ids);
  await rebuildRecords(tx, ids);
  await refreshWorkers(cacheKey, tx, ids, now);
}

const VERBS_SQL = COMPLETION_VERBS.map((v) => `'${v}'`).join(', ');
const REBUILD_PAGE = 20_000;

/** Lesson records and weekly counts from every trusted completion statement (of some workers, or all), replacing what was there. */
async function rebuildRecords(tx: Queryable, employeeIds: readonly string[] | null = null): Promise<number> {
  await tx.query('DELETE FROM lesson_records WHERE $1::text[] IS NULL OR employee_id = ANY($1)', [employeeIds]);
  await tx.query('DELETE FROM completion_weeks WHERE $1::text[] IS NULL OR employee_id = ANY($1)', [employeeIds]);
  let after = 0;
  let count = 0;
  for (;;) {
    // Columns only, not the statement JSON: the rebuild reads every completion once.
    const r = await tx.query<{ seq: number; employee_id: string; verb_id: string; activity_id: string | null; ts: string | null; success: boolean | null; score: number | null }>(
      `SELECT s.seq, s.employee_id, s.verb_id, s.activity_id, s.statement->>'timestamp' AS ts,
              (s.statement->'result'->>'success')::boolean AS success, (s.statement->'result'->'score'->>'scaled')::float8 AS score
         FROM statements s JOIN workers w ON w.employee_id = s.employee_id
        WHERE s.employee_id IS NOT NULL AND s.verb_id IN (${VERBS_SQL}) AND s.seq > $1 AND ($2::text[] IS NULL OR s.employee_id = ANY($2))
        ORDER BY s.seq LIMIT ${REBUILD_PAGE}`,
      [after, employeeIds],
    );
    const facts: CompletionFact[] = [];
    for (const row of r.rows) {
      const lessonId = lessonIdOf(row.activity_id);
      if (!lessonId || !row.ts || Number.isNaN(Date.parse(row.ts))) continue;
      facts.push({ employeeId: row.employee_id, lessonId, at: row.ts, passed: passedOf(row.verb_id, row.success), score: row.score });
    }
    // A page at a time: merging is order-free (latest times, summed counts), so memory stays flat.
    await mergeRecords(tx, reduce(facts));
    count += r.rows.length;
    if (r.rows.length < REBUILD_PAGE) break;
    after = Number(r.rows[r.rows.length - 1].seq);
  }
  return count;
}

/** Recomputes every summary from the statements: `npm run server -- summaries rebuild`. */
export async function rebuildSummaries(db: Db, now: Date): Promise<{ statements: number; sites: number }> {
  return db.transaction(async (tx) => {
    const statements = await rebuildRecords(tx);
    await tx.query('DELETE FROM summary_dirty');
    const sites = await tx.query<{ id: string }>('SELECT id FROM sites ORDER BY id');
    await tx.query('DELETE FROM worker_states');
    await tx.query('DELETE FROM requirement_states');
    for (const s of sites.rows) await refreshSite(db, tx, s.id, now);
    return { statements, sites: sites.rows.length };
  });
}

/**
 * Before a dashboard read of these sites: sites whose inputs changed are recomputed, and workers
 * whose status the clock has moved (or computed for a later time than `now`) go through the engine
 * again. Cheap when nothing changed: two index lookups.
 */
export async function ensureFresh(db: Db, siteIds: readonly string[], now: Date): Promise<void> {
  const dirty = await db.query<{ site_id: string }>('SELECT site_id FROM summary_dirty');
  if (dirty.rows.some((r) => r.site_id === '*')) {
    await rebuildSummaries(db, now);
  } else {
    for (const { site_id } of dirty.rows.filter((r) => siteIds.includes(r.site_id))) {
      await db.transaction(async (tx) => {
        // Claimed first: a change committed after this point marks the site again.
        const claimed = await tx.query('DELETE FROM summary_dirty WHERE site_id = $1 RETURNING site_id', [site_id]);
        if (claimed.rowCount > 0) await refreshSite(db, tx, site_id, now);
      });
    }
  }
  const stale = await db.query<{ employee_id: string }>(
    `SELECT employee_id FROM worker_states WHERE site_id = ANY($1) AND valid_until <= $2
     UNION SELECT employee_id FROM worker_states WHERE site_id = ANY($1) AND computed_at > $2`,
    [siteIds, now.toISOString()],
  );
  if (stale.rows.length > 0) await db.transaction((tx) => refreshWorkers(db, tx, stale.rows.map((r) => r.employee_id), now));
}
