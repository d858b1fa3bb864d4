import { hashPin } from '../../common/staff/pin-hash';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../errors';
import { staffPinProblem } from './pin-policy';

/** The roster role that opens diagnostics on a terminal (electron/core/supervisor/staff-desk.ts IT_ROLE). */
export const IT_ROLE = 'it';

export interface StaffPinResult {
  employeeId: string;
  siteId: string;
  /** false when there was no PIN to clear. */
  changed: boolean;
}

async function staffWorker(db: Queryable, employeeId: string): Promise<{ siteId: string; staff: boolean }> {
  const r = await db.query<{ site_id: string; supervisor: boolean; roles: string[] }>(
    'SELECT site_id, supervisor, roles FROM workers WHERE employee_id = $1 AND NOT deleted',
    [employeeId],
  );
  const w = r.rows[0];
  if (!w) throw new HttpError(404, 'worker-not-found', `no worker with employee id "${employeeId}": check the id, or import the roster that has them first`);
  return { siteId: w.site_id, staff: w.supervisor || w.roles.includes(IT_ROLE) };
}

/**
 * Sets a supervisor's or site-IT worker's PIN: refuses weak PINs, hashes with the kiosk's own
 * scrypt format and stores only the hash; terminals of the worker's site get it at their next pull.
 */
export async function setStaffPin(db: Db, employeeId: string, pin: string): Promise<StaffPinResult> {
  const problem = staffPinProblem(pin);
  if (problem) throw new HttpError(400, 'weak-pin', problem);
  const worker = await staffWorker(db, employeeId);
  if (!worker.staff) {
    throw new HttpError(
      409,
      'not-staff',
      `worker "${employeeId}" is neither a supervisor (roster supervisor column) nor has the "${IT_ROLE}" role, so a PIN would open nothing: mark them in the roster and import it first`,
    );
  }
  // The slow hash runs before the transaction, so the change lock is held only for the write.
  const pinHash = await hashPin(pin);
  return db.transaction(async (tx) => {
    await staffWorker(tx, employeeId);
    await tx.query(
      `INSERT INTO staff_pins (employee_id, pin_hash, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (employee_id) DO UPDATE SET pin_hash = EXCLUDED.pin_hash, updated_at = EXCLUDED.updated_at`,
      [employeeId, pinHash],
    );
    return { employeeId, siteId: worker.siteId, changed: true };
  });
}

/** Removes a worker's PIN; their terminals stop accepting any PIN for them at the next pull. */
export async function clearStaffPin(db: Db, employeeId: string): Promise<StaffPinResult> {
  return db.transaction(async (tx) => {
    const worker = await staffWorker(tx, employeeId);
    const r = await tx.query('UPDATE staff_pins SET pin_hash = NULL, updated_at = now() WHERE employee_id = $1 AND pin_hash IS NOT NULL', [employeeId]);
    return { employeeId, siteId: worker.siteId, changed: r.rowCount > 0 };
  });
}
