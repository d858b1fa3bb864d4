import type Database from 'better-sqlite3';
import type { PinResult } from '../../../common/contracts/staff';
import { activeLockout, freshLockout, MAX_FAILURES, recordFailure } from './lockout';
import { pinMatches } from '../../../common/staff/pin-hash';
import { loadLockout, saveLockout } from './pin-repo';

export interface PinCheck {
  db: Database.Database;
  /** 'supervisor:<worker id>', 'it:<worker id>' (an IT worker's own PIN) or 'diagnostics': each has its own count and lockout. */
  subject: string;
  pin: string;
  storedHash: string;
  /** The site's PIN pepper, for a keyed staff PIN hash; absent or null when the terminal has none. */
  pepper?: string | null;
  now: () => Date;
  /** The event log; gets what happened, never the PIN. */
  event: (kind: string, detail: string) => void;
}

/**
 * Checks a PIN against its hash under the lockout rules and records the outcome. The lockout is
 * read again after the (slow) hash, so two PINs sent at once both count.
 */
export async function checkPin(c: PinCheck): Promise<PinResult> {
  const lockedUntil = activeLockout(loadLockout(c.db, c.subject), c.now());
  if (lockedUntil) {
    c.event('pin-refused-locked', `${c.subject}: PIN entry locked until ${lockedUntil}`);
    return { outcome: 'locked', until: lockedUntil };
  }
  const right = await pinMatches(c.pin, c.storedHash, c.pepper ?? null);
  const now = c.now();
  const state = loadLockout(c.db, c.subject);
  const stillLocked = activeLockout(state, now);
  if (stillLocked) return { outcome: 'locked', until: stillLocked };
  if (right) {
    saveLockout(c.db, c.subject, freshLockout);
    c.event('pin-accepted', `${c.subject}: PIN accepted`);
    return { outcome: 'ok' };
  }
  const failed = recordFailure(state, now);
  saveLockout(c.db, c.subject, failed.state);
  if (failed.lockedUntil) {
    c.event('pin-lockout', `${c.subject}: ${MAX_FAILURES} wrong PINs, lockout ${failed.state.lockouts} since the last right PIN, locked until ${failed.lockedUntil}`);
    return { outcome: 'locked', until: failed.lockedUntil };
  }
  c.event('pin-wrong', `${c.subject}: wrong PIN (${MAX_FAILURES - failed.attemptsLeft} of ${MAX_FAILURES})`);
  return { outcome: 'wrong', attemptsLeft: failed.attemptsLeft };
}
