import type Database from 'better-sqlite3';
import { freshLockout, type LockoutState } from './lockout';

/** A supervisor's or site-IT worker's PIN hash (pulled from the server, or the demo's), or null. */
export function staffPinHash(db: Database.Database, workerId: string): string | null {
  return (db.prepare('SELECT pin_hash FROM supervisor_pins WHERE worker_id = ?').pluck().get(workerId) as string | undefined) ?? null;
}

export function setStaffPinHash(db: Database.Database, workerId: string, pinHash: string, now: Date): void {
  db.prepare(
    `INSERT INTO supervisor_pins (worker_id, pin_hash, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(worker_id) DO UPDATE SET pin_hash = excluded.pin_hash, updated_at = excluded.updated_at`,
  ).run(workerId, pinHash, now.toISOString());
}

export function clearStaffPinHash(db: Database.Database, workerId: string): void {
  db.prepare('DELETE FROM supervisor_pins WHERE worker_id = ?').run(workerId);
}

/** The roster's supervisor flag as last pulled (a worker the terminal does not know is not one). */
export function hasSupervisorFlag(db: Database.Database, workerId: string): boolean {
  return db.prepare('SELECT supervisor FROM workers WHERE id = ?').pluck().get(workerId) === 1;
}

export function loadLockout(db: Database.Database, subject: string): LockoutState {
  const row = db.prepare('SELECT failures, locked_until FROM pin_attempts WHERE subject = ?').get(subject) as
    | { failures: number; locked_until: string | null }
    | undefined;
  return row ? { failures: row.failures, lockedUntil: row.locked_until } : freshLockout;
}

export function saveLockout(db: Database.Database, subject: string, state: LockoutState): void {
  db.prepare(
    `INSERT INTO pin_attempts (subject, failures, locked_until) VALUES (?, ?, ?)
     ON CONFLICT(subject) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
  ).run(subject, state.failures, state.lockedUntil);
}
