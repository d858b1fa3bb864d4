import type { Db } from '../db/db';
import { recordAudit } from '../audit/audit-log';
import { HttpError } from '../errors';
import { randomSecret, sha256 } from '../secrets';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { findUserByEmail, toUser, type DashboardUser, type UserRow } from './users';

export const SESSION_COOKIE = 'sl_session';
export const SESSION_LIFETIME_MS = 12 * 3_600_000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/** One message for a wrong email and a wrong password, so the answer does not reveal who has an account. */
const badLogin = () => new HttpError(401, 'bad-login', 'wrong email or password: check both and try again (after 5 failures the account is locked for 15 minutes)');

const lockedOut = (lockedUntil: Date, now: Date) => {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return new HttpError(429, 'login-locked', `too many failed logins for this email: try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to reset the password`);
};

type Attempt = { granted: true; attempt: number; locksAt: Date | null } | { granted: false; lockedUntil: Date };

/**
 * Takes one of the email's 5 attempts before any password is checked, in one statement, so
 * parallel requests cannot all read "not locked" and then all be checked: the row lock of the
 * upsert orders them, the 5th attempt sets the lock as it is taken, and every request after it is
 * refused unchecked until the lock ends (an ended lock starts a fresh count). A right password
 * gives its attempt back by clearing the count.
 */
async function reserveAttempt(db: Db, email: string, now: Date): Promise<Attempt> {
  const lockUntil = new Date(now.getTime() + LOCKOUT_MS);
  const r = await db.query<{ failures: number; locked_until: Date | null }>(
    `INSERT INTO login_failures AS f (email, failures, locked_until) VALUES ($1, 1, NULL)
     ON CONFLICT (email) DO UPDATE SET
       failures = CASE WHEN f.locked_until IS NOT NULL THEN 1 ELSE f.failures + 1 END,
       locked_until = CASE WHEN f.locked_until IS NULL AND f.failures + 1 >= $3 THEN $4::timestamptz END
     WHERE f.locked_until IS NULL OR f.locked_until <= $2
     RETURNING failures, locked_until`,
    [email, now.toISOString(), MAX_FAILED_LOGINS, lockUntil.toISOString()],
  );
  const row = r.rows[0];
  if (row) return { granted: true, attempt: row.failures, locksAt: row.locked_until };
  const lock = await db.query<{ locked_until: Date | null }>('SELECT locked_until FROM login_failures WHERE email = $1', [email]);
  return { granted: false, lockedUntil: lock.rows[0]?.locked_until ?? lockUntil };
}

/** Where a login came from, for the audit log. */
export interface LoginOrigin {
  ip: string | null;
}

/**
 * Checks the password and opens a session. Attempts are counted per email, known or not, and
 * taken before the slow hash (reserveAttempt): at most 5 passwords are checked per lockout window,
 * however many arrive at once; then the email is locked for 15 minutes, during which even the
 * right password is refused. Failures and lockouts go to the audit log.
 */
export async function login(db: Db, email: string, password: string, now: Date, origin: LoginOrigin = { ip: null }): Promise<{ token: string; user: DashboardUser; expiresAt: Date }> {
  const key = email.trim().toLowerCase();
  const attempt = await reserveAttempt(db, key, now);
  if (!attempt.granted) throw lockedOut(attempt.lockedUntil, now);
  const user = await findUserByEmail(db, key);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    await recordAudit(db, { kind: 'login-failed', subject: key, ip: origin.ip, detail: { attempt: attempt.attempt, knownUser: Boolean(user) } }, now);
    if (attempt.locksAt) await recordAudit(db, { kind: 'login-locked', subject: key, ip: origin.ip, detail: { until: attempt.locksAt.toISOString() } }, now);
    throw badLogin();
  }
  await db.query('DELETE FROM login_failures WHERE email = $1', [key]);
  const token = randomSecret(32);
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.query('INSERT INTO dashboard_sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    sha256(token),
    user.id,
    now.toISOString(),
    expiresAt.toISOString(),
  ]);
  await db.query('DELETE FROM dashboard_sessions WHERE user_id = $1 AND expires_at <= $2', [user.id, now.toISOString()]);
  const { passwordHash: _hash, ...plain } = user;
  return { token, user: plain, expiresAt };
}

/** The user behind a session token, or null when the token is unknown, expired or the user disabled. */
export async function sessionUser(db: Db, token: string, now: Date): Promise<DashboardUser | null> {
  const r = await db.query<UserRow>(
    `SELECT u.id, u.email, u.name, u.role, u.sites, u.disabled FROM dashboard_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
    [sha256(token), now.toISOString()],
  );
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.query('DELETE FROM dashboard_sessions WHERE token_hash = $1', [sha256(token)]);
}
