import type { Db } from '../db/db';
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

/**
 * Checks the password and opens a session. Failures are counted per email, known or not; the 5th
 * locks the email for 15 minutes, during which even the right password is refused.
 */
export async function login(db: Db, email: string, password: string, now: Date): Promise<{ token: string; user: DashboardUser; expiresAt: Date }> {
  const key = email.trim().toLowerCase();
  const lock = await db.query<{ locked_until: Date | null }>('SELECT locked_until FROM login_failures WHERE email = $1', [key]);
  const lockedUntil = lock.rows[0]?.locked_until ?? null;
  if (lockedUntil && lockedUntil.getTime() > now.getTime()) {
    const minutes = Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new HttpError(429, 'login-locked', `too many failed logins for this email: try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to reset the password`);
  }
  const user = await findUserByEmail(db, key);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    await recordFailure(db, key, now);
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

async function recordFailure(db: Db, email: string, now: Date): Promise<void> {
  // An expired lock starts a fresh count: failures from before the lock do not carry over.
  await db.query(
    `INSERT INTO login_failures (email, failures, locked_until) VALUES ($1, 1, NULL)
     ON CONFLICT (email) DO UPDATE SET
       failures = CASE WHEN login_failures.locked_until IS NOT NULL THEN 1 ELSE login_failures.failures + 1 END,
       locked_until = NULL`,
    [email],
  );
  await db.query(`UPDATE login_failures SET locked_until = $3, failures = 0 WHERE email = $1 AND failures >= $2`, [
    email,
    MAX_FAILED_LOGINS,
    new Date(now.getTime() + LOCKOUT_MS).toISOString(),
  ]);
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
