import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import type { CredentialLesson } from './open-badge';
import { STATUS_LIST_BITS } from './status-list';

export interface StoredCredential {
  id: string;
  certificationId: string;
  certificationName: string;
  employeeId: string;
  workerName: string;
  siteId: string;
  statusIndex: number;
  issuedAt: string;
  validFrom: string;
  validUntil: string | null;
  lessons: CredentialLesson[];
  jws: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

const SELECT = `SELECT c.id, c.certification_id, cert.name AS certification_name, c.employee_id, w.display_name, w.site_id, c.status_index,
       c.issued_at, c.valid_from, c.valid_until, c.lessons, c.jws, c.revoked_at, c.revoked_reason
  FROM credentials c JOIN certifications cert ON cert.id = c.certification_id JOIN workers w ON w.employee_id = c.employee_id`;

interface Row {
  id: string;
  certification_id: string;
  certification_name: string;
  employee_id: string;
  display_name: string;
  site_id: string;
  status_index: number;
  issued_at: Date | string;
  valid_from: Date | string;
  valid_until: Date | string | null;
  lessons: CredentialLesson[];
  jws: string;
  revoked_at: Date | string | null;
  revoked_reason: string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

function toCredential(r: Row): StoredCredential {
  return {
    id: r.id,
    certificationId: r.certification_id,
    certificationName: r.certification_name,
    employeeId: r.employee_id,
    workerName: r.display_name,
    siteId: r.site_id,
    statusIndex: Number(r.status_index),
    issuedAt: iso(r.issued_at),
    validFrom: iso(r.valid_from),
    validUntil: r.valid_until === null ? null : iso(r.valid_until),
    lessons: r.lessons,
    jws: r.jws,
    revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
    revokedReason: r.revoked_reason,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getCredential(db: Queryable, id: string): Promise<StoredCredential | null> {
  if (!UUID.test(id)) return null;
  const r = await db.query<Row>(`${SELECT} WHERE c.id = $1`, [id.toLowerCase()]);
  return r.rows[0] ? toCredential(r.rows[0]) : null;
}

/** Credentials of some workers, newest first per certification. */
export async function credentialsOfWorkers(db: Queryable, employeeIds: string[]): Promise<StoredCredential[]> {
  const r = await db.query<Row>(`${SELECT} WHERE c.employee_id = ANY($1::text[]) ORDER BY c.employee_id, c.certification_id, c.valid_from DESC, c.issued_at DESC`, [employeeIds]);
  return r.rows.map(toCredential);
}

/** The credential a worker holds now for each certification: the newest one that is not revoked. */
export function currentCredentials(list: StoredCredential[]): StoredCredential[] {
  const seen = new Set<string>();
  const out: StoredCredential[] = [];
  for (const c of list) {
    const key = `${c.employeeId}\u0000${c.certificationId}`;
    if (c.revokedAt !== null || seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

export async function revokeCredential(db: Queryable, id: string, reason: string, by: string, now: Date): Promise<StoredCredential> {
  const found = await getCredential(db, id);
  if (!found) throw new HttpError(404, 'credential-not-found', `no credential ${id}: the id is the last part of its verify URL`);
  if (found.revokedAt !== null) throw new HttpError(409, 'already-revoked', `credential ${id} was revoked at ${found.revokedAt} (${found.revokedReason ?? 'no reason'}); a revocation is final`);
  await db.query('UPDATE credentials SET revoked_at = $2, revoked_reason = $3, revoked_by = $4 WHERE id = $1 AND revoked_at IS NULL', [id.toLowerCase(), now.toISOString(), reason, by]);
  return { ...found, revokedAt: now.toISOString(), revokedReason: reason };
}

/** Revoked indexes within one status list. */
export async function revokedIndexes(db: Queryable, list: number): Promise<number[]> {
  const r = await db.query<{ status_index: number }>('SELECT status_index FROM credentials WHERE revoked_at IS NOT NULL AND status_index >= $1 AND status_index < $2', [
    list * STATUS_LIST_BITS,
    (list + 1) * STATUS_LIST_BITS,
  ]);
  return r.rows.map((row) => Number(row.status_index) - list * STATUS_LIST_BITS);
}
