import type Database from 'better-sqlite3';
import { hashPin, type ScryptCost } from '../../../common/staff/pin-hash';
import { workerExists } from '../session/roster-repo';
import { setStaffPinHash, staffPinHash } from './pin-repo';

/** Demo PINs, printed by the README: only ever seeded or accepted on a terminal with `demo: true`. */
export const DEMO_SUPERVISOR_PINS = [{ workerId: 'demo-dana-kowalski', badge: '1006', name: 'Dana Kowalski', pin: '2468' }] as const;
export const DEMO_DIAGNOSTICS_PIN = '0000';

/** Gives the demo supervisors their PIN hash, once; a PIN changed since is kept. */
export async function seedDemoSupervisorPins(db: Database.Database, now: Date, cost?: ScryptCost): Promise<void> {
  for (const s of DEMO_SUPERVISOR_PINS) {
    if (workerExists(db, s.workerId) && !staffPinHash(db, s.workerId)) setStaffPinHash(db, s.workerId, await hashPin(s.pin, { cost }), now);
  }
}
