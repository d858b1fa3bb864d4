import type Database from 'better-sqlite3';
import { buildCompletionStatement, type TerminalContext } from '../../../common/xapi/completion';

export interface OutboxItem {
  statementId: string;
  /** The statement exactly as sent the first time (and every time after). */
  json: string;
}

interface Row {
  statement_id: string;
  statement_json: string | null;
  employee_id: string;
  display_name: string;
  lesson_id: string;
  lesson_version: number;
  title: string | null;
  language: string;
  score: number | null;
  passed: number | null;
  duration_ms: number;
  completed_at: string;
}

/**
 * The oldest statements due (quarantined ones, those already in flight and those deferred to a later
 * `next_try_at` excluded), in the order they were recorded.
 * A statement is built from its completion the first time it is picked and frozen in the outbox row,
 * so every resend is identical and the server treats it as a no-op.
 */
export function nextOutboxBatch(db: Database.Database, limit: number, ctx: TerminalContext, now: Date, inFlight: ReadonlySet<string> = new Set()): OutboxItem[] {
  const rows = db
    .prepare(
      `SELECT o.statement_id, o.statement_json, w.employee_id, w.display_name, c.lesson_id, c.lesson_version, l.title,
              c.language, c.score, c.passed, c.duration_ms, c.completed_at
         FROM outbox o
         JOIN completions c ON c.id = o.statement_id
         JOIN workers w ON w.id = c.worker_id
         LEFT JOIN lessons l ON l.id = c.lesson_id AND l.language = c.language
        WHERE o.quarantined_reason IS NULL AND o.next_try_at <= ?
          AND o.statement_id NOT IN (SELECT value FROM json_each(?))
        ORDER BY o.rowid
        LIMIT ?`,
    )
    .all(now.toISOString(), JSON.stringify([...inFlight]), limit) as Row[];
  const freeze = db.prepare('UPDATE outbox SET statement_json = ? WHERE statement_id = ? AND statement_json IS NULL');
  const items = rows.map((r) => ({ statementId: r.statement_id, json: r.statement_json ?? buildJson(r, ctx), fresh: r.statement_json === null }));
  const fresh = items.filter((i) => i.fresh);
  if (fresh.length > 0) db.transaction(() => fresh.forEach((i) => freeze.run(i.json, i.statementId)))();
  return items.map(({ statementId, json }) => ({ statementId, json }));
}

function buildJson(r: Row, ctx: TerminalContext): string {
  return JSON.stringify(
    buildCompletionStatement(
      {
        id: r.statement_id,
        employeeId: r.employee_id,
        workerName: r.display_name,
        lessonId: r.lesson_id,
        lessonVersion: r.lesson_version,
        // a lesson deleted since still has a stable, meaningful name: its id
        lessonTitle: r.title ?? r.lesson_id,
        language: r.language,
        score: r.score,
        passed: r.passed === null ? null : r.passed === 1,
        durationMs: r.duration_ms,
        completedAt: r.completed_at,
      },
      ctx,
    ),
  );
}

/** Only after the server's 2xx: the statement is stored there, so the local queue lets go of it. */
export function acknowledge(db: Database.Database, statementIds: string[]): void {
  db.prepare('DELETE FROM outbox WHERE statement_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(statementIds));
}

/** Kept, not deleted: site IT sees it (with the server's reason) and the sync moves past it. */
export function quarantine(db: Database.Database, statementId: string, reason: string, at: Date): void {
  db.prepare('UPDATE outbox SET quarantined_reason = ?, quarantined_at = ?, last_error = ? WHERE statement_id = ?').run(reason, at.toISOString(), reason, statementId);
}

/** A whole batch failed for a reason not its own (server down, proxy): counted; the service-level probe decides when to retry. */
export function noteAttempt(db: Database.Database, statementIds: string[], error: string): void {
  db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE statement_id IN (SELECT value FROM json_each(?))').run(error, JSON.stringify(statementIds));
}

/**
 * This statement alone failed while the server was healthy: it waits on its own growing schedule
 * (`delayMs(attempts)`), so the queue behind it keeps draining.
 */
export function deferStatement(db: Database.Database, statementId: string, error: string, at: Date, delayMs: (attempts: number) => number): void {
  const attempts = ((db.prepare('SELECT attempts FROM outbox WHERE statement_id = ?').pluck().get(statementId) as number | undefined) ?? 0) + 1;
  db.prepare('UPDATE outbox SET attempts = ?, last_error = ?, next_try_at = ? WHERE statement_id = ?').run(
    attempts,
    error,
    new Date(at.getTime() + delayMs(attempts)).toISOString(),
    statementId,
  );
}

/** Site IT's "send again" (or a re-enrollment): quarantined statements go back in the queue, due now. Returns how many. */
export function requeueQuarantined(db: Database.Database, at: Date): number {
  return db
    .prepare('UPDATE outbox SET quarantined_reason = NULL, quarantined_at = NULL, attempts = 0, next_try_at = ? WHERE quarantined_reason IS NOT NULL')
    .run(at.toISOString()).changes;
}

export function outboxCounts(db: Database.Database): { queued: number; quarantined: number } {
  const row = db
    .prepare('SELECT count(*) FILTER (WHERE quarantined_reason IS NULL) AS queued, count(*) FILTER (WHERE quarantined_reason IS NOT NULL) AS quarantined FROM outbox')
    .get() as { queued: number; quarantined: number };
  return { queued: row.queued, quarantined: row.quarantined };
}

export interface QuarantinedStatement {
  statementId: string;
  reason: string;
  quarantinedAt: string;
}

/** For site IT's diagnostics: what the server refused and why. */
export function listQuarantined(db: Database.Database): QuarantinedStatement[] {
  return (
    db.prepare('SELECT statement_id, quarantined_reason, quarantined_at FROM outbox WHERE quarantined_reason IS NOT NULL ORDER BY quarantined_at').all() as {
      statement_id: string;
      quarantined_reason: string;
      quarantined_at: string;
    }[]
  ).map((r) => ({ statementId: r.statement_id, reason: r.quarantined_reason, quarantinedAt: r.quarantined_at }));
}
