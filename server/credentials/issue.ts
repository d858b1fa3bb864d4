import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import { listCertifications } from './certifications';
import { loadTrustedCompletions } from './completions';
import { evaluateCertification, type Satisfaction } from './evaluate';
import type { IssuerIdentity, SigningKey } from './issuer-key';
import { loadLessonVersions } from './lesson-versions';
import { openBadgeCredential, type CredentialLesson } from './open-badge';
import { signCredential } from './vc-jose';

/** What signing needs: who the issuer is and its key (null when the server has no credential key). */
export interface IssuerContext {
  identity: IssuerIdentity;
  key: SigningKey | null;
}

interface Pending {
  certification: { id: string; name: string; description: string };
  worker: { employeeId: string; name: string; language: string };
  satisfaction: Satisfaction;
}

const INSERT_BATCH = 1000;

/**
 * Issues every credential now due for the given workers (null: everyone): a certification whose
 * lessons their trusted completions satisfy and for which no credential rests on the same
 * completions yet. A recertification changes the completions, so it issues a new credential.
 */
export async function issueCredentials(db: Db, issuer: IssuerContext, now: Date, employeeIds: string[] | null): Promise<{ issued: number }> {
  if (!issuer.key) return { issued: 0 };
  const certifications = (await listCertifications(db)).filter((c) => c.lessons.length > 0);
  if (certifications.length === 0 || employeeIds?.length === 0) return { issued: 0 };
  const workers = await db.query<{ employee_id: string; display_name: string; language: string }>(
    'SELECT employee_id, display_name, language FROM workers WHERE NOT deleted AND ($1::text[] IS NULL OR employee_id = ANY($1))',
    [employeeIds],
  );
  const ids = employeeIds ?? workers.rows.map((w) => w.employee_id);
  const [completions, existing] = await Promise.all([
    loadTrustedCompletions(db, { employeeIds: ids }),
    db.query<{ certification_id: string; employee_id: string; basis: string }>('SELECT certification_id, employee_id, basis FROM credentials WHERE employee_id = ANY($1::text[])', [ids]),
  ]);
  const issuedBases = new Set(existing.rows.map((r) => `${r.certification_id}\u0000${r.employee_id}\u0000${r.basis}`));
  const byWorker = new Map<string, typeof completions>();
  for (const c of completions) (byWorker.get(c.employeeId) ?? byWorker.set(c.employeeId, []).get(c.employeeId)!).push(c);

  const pending: Pending[] = [];
  for (const w of workers.rows) {
    const history = byWorker.get(w.employee_id);
    if (!history) continue;
    for (const cert of certifications) {
      const satisfaction = evaluateCertification(cert.lessons, cert.validityDays, history, now);
      if (!satisfaction || issuedBases.has(`${cert.id}\u0000${w.employee_id}\u0000${satisfaction.basis}`)) continue;
      pending.push({ certification: cert, worker: { employeeId: w.employee_id, name: w.display_name, language: w.language }, satisfaction });
    }
  }
  if (pending.length === 0) return { issued: 0 };
  const lessons = await loadLessonVersions(db, [...new Set(certifications.flatMap((c) => c.lessons))]);
  let issued = 0;
  for (let i = 0; i < pending.length; i += INSERT_BATCH) {
    issued += await db.transaction(async (tx) => {
      const batch = await stillStanding(tx, pending.slice(i, i + INSERT_BATCH));
      if (batch.length === 0) return 0;
      const indexes = await nextStatusIndexes(tx, batch.length);
      const rows = await Promise.all(
        batch.map(async (p, n) => {
          const id = randomUUID();
          const credentialLessons: CredentialLesson[] = p.satisfaction.lessons.map((l) => ({
            lessonId: l.lessonId,
            title: lessons.title(l.lessonId, p.worker.language),
            version: l.version,
            contentHash: lessons.contentHash(l.lessonId, l.version),
            passedAt: l.passedAt,
          }));
          const credential = openBadgeCredential({
            issuer: issuer.identity,
            credentialId: id,
            certification: p.certification,
            worker: p.worker,
            validFrom: p.satisfaction.validFrom,
            validUntil: p.satisfaction.validUntil,
            lessons: credentialLessons,
            statusIndex: indexes[n],
          });
          return {
            id,
            certificationId: p.certification.id,
            employeeId: p.worker.employeeId,
            statusIndex: indexes[n],
            basis: p.satisfaction.basis,
            validFrom: p.satisfaction.validFrom,
            validUntil: p.satisfaction.validUntil,
            lessons: credentialLessons,
            jws: await signCredential(credential, issuer.key!, issuer.identity),
          };
        }),
      );
      const r = await tx.query(
        `INSERT INTO credentials (id, certification_id, employee_id, status_index, basis, issued_at, valid_from, valid_until, lessons, jws)
         SELECT (r->>'id')::uuid, r->>'certificationId', r->>'employeeId', (r->>'statusIndex')::int, r->>'basis', $2::timestamptz,
                (r->>'validFrom')::timestamptz, (r->>'validUntil')::timestamptz, r->'lessons', r->>'jws'
           FROM jsonb_array_elements($1::jsonb) AS r
         ON CONFLICT (certification_id, employee_id, basis) DO NOTHING`,
        [JSON.stringify(rows), now.toISOString()],
      );
      return r.rowCount;
    });
  }
  return { issued };
}

/**
 * The pending credentials whose completions are all still unvoided, with their statements locked
 * FOR SHARE until the credentials are stored. The completions were read before this transaction,
 * and a void committed since then would otherwise leave a credential standing on a withdrawn
 * completion: the void's revocation (credentials/voided.ts) ran before the credential existed.
 * Under the lock, READ COMMITTED re-checks voided_by after waiting, so a void that commits first
 * drops the row here; a void that comes second waits in its UPDATE of voided_by (voidTargets)
 * until this transaction commits, and its revocation, a later statement of its transaction, then
 * sees the new credential and revokes it. Locked in id order, as voidTargets locks, so the two never
 * deadlock.
 */
async function stillStanding(tx: Queryable, batch: Pending[]): Promise<Pending[]> {
  const ids = [...new Set(batch.flatMap((p) => p.satisfaction.lessons.map((l) => l.statementId)))];
  const r = await tx.query<{ id: string }>('SELECT id FROM statements WHERE id = ANY($1::uuid[]) AND voided_by IS NULL ORDER BY id FOR SHARE', [ids]);
  const standing = new Set(r.rows.map((row) => row.id));
  return batch.filter((p) => p.satisfaction.lessons.every((l) => standing.has(l.statementId)));
}

async function nextStatusIndexes(tx: Queryable, n: number): Promise<number[]> {
  const r = await tx.query<{ i: number }>(`SELECT nextval('credential_status_index')::int AS i FROM generate_series(1, $1::int)`, [n]);
  return r.rows.map((row) => Number(row.i));
}
