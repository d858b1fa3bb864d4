import { VOIDED_VERB } from '../../common/xapi/statement';
import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import type { Principal } from '../plugins/auth';

/** What voiding needs of a prepared statement. */
type Voiding = { id: string; voids: string | null };

/**
 * Who may void what (Data 2.3.2). A terminal voids only statements of its own site, and the target
 * must be there (another site's id answers as unknown, as everywhere else). An LRS key cannot void
 * a statement that counts for a worker, as it cannot write one. An admin voids anything. For the
 * others the spec's rule holds: a voiding statement whose target is not (yet) stored is accepted.
 * A voiding statement itself cannot be voided.
 */
export async function authorizeVoiding(db: Queryable, batch: Voiding[], principal: Principal): Promise<void> {
  const voiding = batch.filter((p) => p.voids !== null);
  if (voiding.length === 0) return;
  const r = await db.query<{ id: string; site_id: string | null; employee_id: string | null; verb_id: string }>(
    'SELECT id, site_id, employee_id, verb_id FROM statements WHERE id = ANY($1::uuid[])',
    [voiding.map((p) => p.voids)],
  );
  const targets = new Map(r.rows.map((row) => [row.id, row]));
  for (const p of voiding) {
    const target = targets.get(p.voids!);
    if (principal.kind === 'terminal' && (!target || target.site_id !== principal.siteId)) {
      throw new HttpError(404, 'statement-not-found', `statement ${p.id} voids ${p.voids}, but no statement of this site has that id: a terminal voids only its own site's statements`, {
        statementIds: [p.id],
      });
    }
    if (!target) continue;
    if (target.verb_id === VOIDED_VERB) {
      throw new HttpError(400, 'invalid-statement', `statement ${p.id} voids ${p.voids}, which is itself a voiding statement; a voiding statement cannot be voided (Data 2.3.2 Voided)`, {
        statementIds: [p.id],
      });
    }
    if (principal.kind === 'lrs' && target.employee_id !== null) {
      throw new HttpError(403, 'read-only-key', `statement ${p.id} voids ${p.voids}, a completion that counts for a worker: only a terminal of its site or an admin token may void it`, {
        statementIds: [p.id],
      });
    }
  }
}

/**
 * Marks the targets of newly stored voiding statements as voided, in the storing transaction. A
 * voided statement counts for no one (employee_id cleared), so reports and certificates drop it.
 * The targets are locked in id order first: credential issuance holds its completions' rows
 * FOR SHARE in id order (credentials/issue.ts), and two lockers taking the same rows in different
 * orders could deadlock. Waiting on that lock is what orders a void after an issuance in progress.
 */
export async function voidTargets(tx: Queryable, batch: Voiding[], inserted: { id: string }[]): Promise<void> {
  const insertedIds = new Set(inserted.map((row) => row.id));
  const pairs = batch.filter((p) => p.voids !== null && insertedIds.has(p.id));
  if (pairs.length === 0) return;
  await tx.query(
    `WITH targets AS (
       SELECT s.id, v.voider FROM statements s JOIN unnest($1::uuid[], $2::uuid[]) AS v(target, voider) ON s.id = v.target
        WHERE s.voided_by IS NULL AND s.verb_id <> $3
        ORDER BY s.id FOR UPDATE OF s)
     UPDATE statements s SET voided_by = t.voider, employee_id = NULL FROM targets t WHERE s.id = t.id`,
    [pairs.map((p) => p.voids), pairs.map((p) => p.id), VOIDED_VERB],
  );
}
