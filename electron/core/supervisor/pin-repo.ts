import type Database from 'better-sqlite3';
import { preparedOnce } from '../store/prepared';
import { freshLockout, type LockoutState } from './lockout';

const statements = preparedOnce((db) => ({
  pinHash: db.prepare('SELECT pin_hash FROM supervisor_pins WHERE worker_id = ?').pluck(),
  setPinHash: db.prepare(
    `INSERT INTO supervisor_pins (worker_id, pin_hash, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(worker_id) DO UPDATE SET pin_hash = excluded.pin_hash, updated_at = excluded.updated_at`,
  ),
  clearPinHash: db.prepare('DELETE FROM supervisor_pins WHERE worker_id = ?'),
  supervisorFlag: db.prepare('SELECT supervisor FROM workers WHERE id = ?').pluck(),
  lockout: db.prepare('SELECT failures, locked_until, lockouts FROM pin_attempts WHERE subject = ?'),
  activeLockouts: db.prepare('SELECT subject, locked_until AS until FROM pin_attempts WHERE locked_until > ? ORDER BY subject'),
  clearLockouts: db.prepare('DELETE FROM pin_attempts WHERE locked_until IS NOT NULL OR lockouts > 0'),
  saveLockout: db.prepare(
    `INSERT INTO pin_attempts (subject, failures, locked_until, lockouts) VALUES (?, ?, ?, ?)
     ON CONFLICT(subject) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, lockouts = excluded.lockouts`,
  ),
}));

/** A supervisor's or site-IT worker's PIN hash (pulled from the server, or the demo's), or null. */
export function staffPinHash(db: Database.Database, workerId: string): string | null {
  return (statements(db).pinHash.get(workerId) as string | undefined) ?? null;
}

export function setStaffPinHash(db: Database.Database, workerId: string, pinHash: string, now: Date): void {
  statements(db).setPinHash.run(workerId, pinHash, now.toISOString());
}

export function clearStaffPinHash(db: Database.Database, workerId: string): void {
  statements(db).clearPinHash.run(workerId);
}

/** The roster's supervisor flag as last pulled (a worker the terminal does not know is not one). */
export function hasSupervisorFlag(db: Database.Database, workerId: string): boolean {
  return statements(db).supervisorFlag.get(workerId) === 1;
}

export function loadLockout(db: Database.Database, subject: string): LockoutState {
  const row = statements(db).lockout.get(subject) as { failures: number; locked_until: string | null; lockouts: number } | undefined;
  return row ? { failures: row.failures, lockedUntil: row.locked_until, lockouts: row.lockouts } : freshLockout;
}

export function saveLockout(db: Database.Database, subject: string, state: LockoutState): void {
  statements(db).saveLockout.run(subject, state.failures, state.lockedUntil, state.lockouts);
}

/** The PIN pads locked at `now`, by subject. */
export function activeLockouts(db: Database.Database, now: Date): Array<{ subject: string; until: string }> {
  return statements(db).activeLockouts.all(now.toISOString()) as Array<{ subject: string; until: string }>;
}

/** Site IT's reset: every lockout ends and its escalation starts again from 5 minutes. Returns how many were locked. */
export function clearLockouts(db: Database.Database, now: Date): number {
  return db.transaction(() => {
    const locked = activeLockouts(db, now).length;
    statements(db).clearLockouts.run();
    return locked;
  })();
}
