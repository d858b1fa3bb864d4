import type { Queryable } from '../db/db';
import { loadTrustedCompletions } from './completions';
import type { CredentialLesson } from './open-badge';

export const VOIDED_REASON = 'a completion it rests on was voided';

/**
 * Workers whose completions these voided statements were. Voiding clears a statement's employee_id,
 * so its actor (the employee id under the canonical homePage, as terminals write it) names them, as
 * for the dashboard summaries.
 */
export async function workersOfVoided(db: Queryable, statementIds: readonly string[]): Promise<string[]> {
  const r = await db.query<{ employee_id: string }>(
    `SELECT DISTINCT w.employee_id FROM statements s JOIN workers w ON w.employee_id = s.statement->'actor'->'account'->>'name'
      WHERE s.id = ANY($1::uuid[]) AND s.voided_by IS NOT NULL`,
    [statementIds],
  );
  return r.rows.map((row) => row.employee_id);
}

/**
 * Revokes the credentials of these workers that rest on a completion they no longer have: each
 * lesson of a credential must still be a trusted completion (same lesson, version and time) that
 * did not fail. Runs in the transaction that stores the voiding (statements/store.ts), so a void
 * is never stored without its revocations: a failure refuses both and the writer retries, where a
 * revocation after the commit that failed was never tried again and left the credential valid.
 * A later issuance may give a new credential on the completions that remain. Returns the workers
 * it looked at.
 */
export async function revokeCredentialsOfVoided(tx: Queryable, voidedStatementIds: readonly string[], now: Date): Promise<{ workers: string[]; revoked: string[] }> {
  if (voidedStatementIds.length === 0) return { workers: [], revoked: [] };
  const workers = await workersOfVoided(tx, voidedStatementIds);
  if (workers.length === 0) return { workers, revoked: [] };
  // One after another: tx is a transaction's single connection.
  const completions = await loadTrustedCompletions(tx, { employeeIds: workers });
  const credentials = await tx.query<{ id: string; employee_id: string; lessons: CredentialLesson[] }>(
    'SELECT id, employee_id, lessons FROM credentials WHERE employee_id = ANY($1::text[]) AND revoked_at IS NULL',
    [workers],
  );
  const still = new Set(completions.filter((c) => c.passed !== false).map((c) => `${c.employeeId}\u0000${c.lessonId}\u0000${c.version}\u0000${c.completedAt}`));
  const unsupported = credentials.rows
    .filter((c) => c.lessons.some((l) => !still.has(`${c.employee_id}\u0000${l.lessonId}\u0000${l.version}\u0000${new Date(l.passedAt).toISOString()}`)))
    .map((c) => c.id);
  if (unsupported.length > 0) {
    await tx.query(`UPDATE credentials SET revoked_at = $2, revoked_reason = $3, revoked_by = 'voiding' WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL`, [
      unsupported,
      now.toISOString(),
      VOIDED_REASON,
    ]);
  }
  return { workers, revoked: unsupported };
}
