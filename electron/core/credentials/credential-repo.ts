import type Database from 'better-sqlite3';
import type { CredentialData } from '../../../common/contracts/sync';

export function upsertCredential(db: Database.Database, c: CredentialData): void {
  db.prepare(
    `INSERT INTO credentials (id, employee_id, certification_id, name, valid_from, valid_until, revoked, lessons_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET employee_id = excluded.employee_id, certification_id = excluded.certification_id, name = excluded.name,
       valid_from = excluded.valid_from, valid_until = excluded.valid_until, revoked = excluded.revoked, lessons_json = excluded.lessons_json`,
  ).run(c.id, c.employeeId, c.certificationId, c.name, c.validFrom, c.validUntil, Number(c.revoked), JSON.stringify(c.lessons));
}

export interface LocalCredential {
  id: string;
  certificationId: string;
  name: string;
  validFrom: string;
  validUntil: string | null;
  revoked: boolean;
}

/** One worker's credential per certification: the newest not revoked, else the newest revoked. Only this worker's rows are read. */
export function credentialsOf(db: Database.Database, employeeId: string): LocalCredential[] {
  const rows = db
    .prepare(
      `SELECT id, certification_id, name, valid_from, valid_until, revoked FROM credentials WHERE employee_id = ?
        ORDER BY certification_id, revoked, valid_from DESC`,
    )
    .all(employeeId) as Array<{ id: string; certification_id: string; name: string; valid_from: string; valid_until: string | null; revoked: number }>;
  const seen = new Set<string>();
  const out: LocalCredential[] = [];
  for (const r of rows) {
    if (seen.has(r.certification_id)) continue;
    seen.add(r.certification_id);
    out.push({ id: r.id, certificationId: r.certification_id, name: r.name, validFrom: r.valid_from, validUntil: r.valid_until, revoked: r.revoked === 1 });
  }
  return out;
}
