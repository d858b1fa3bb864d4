import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { dashboardRole, type DashboardRole } from '../../common/contracts/dashboard';
import { slugId } from '../../common/contracts/sync';
import type { Db, Queryable } from '../db/db';
import { HttpError, describeZodError } from '../errors';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';

export const createUserInput = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    name: z.string().trim().min(1).max(200),
    role: dashboardRole,
    sites: z.array(slugId).default([]),
    password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
  })
  .strict()
  .refine((u) => u.role === 'admin' || u.sites.length > 0, { path: ['sites'], message: 'a supervisor needs at least one site (--sites plant-1,plant-2)' });
export type CreateUserInput = z.input<typeof createUserInput>;

export interface DashboardUser {
  id: string;
  email: string;
  name: string;
  role: DashboardRole;
  /** Supervisors: the sites they may see. Admins see every site whatever this holds. */
  sites: string[];
  disabled: boolean;
}

/** Creates a user, or replaces the name, role, sites and password of the one with this email (ending their sessions). */
export async function createUser(db: Db, input: CreateUserInput): Promise<DashboardUser> {
  const parsed = createUserInput.safeParse(input);
  if (!parsed.success) throw new HttpError(400, 'invalid-user', `invalid user: ${describeZodError(parsed.error)}`);
  const u = parsed.data;
  const unknown = await db.query<{ id: string }>('SELECT id FROM unnest($1::text[]) AS s(id) WHERE id NOT IN (SELECT id FROM sites WHERE NOT deleted)', [u.sites]);
  if (unknown.rows.length > 0) {
    throw new HttpError(404, 'site-not-found', `no site ${unknown.rows.map((r) => `"${r.id}"`).join(', ')}: create it first (create-site --id ... --name ...) or fix --sites`);
  }
  const hash = await hashPassword(u.password);
  return db.transaction(async (tx) => {
    const r = await tx.query<UserRow>(
      `INSERT INTO users (id, email, name, role, sites, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, sites = EXCLUDED.sites,
         password_hash = EXCLUDED.password_hash, disabled = false
       RETURNING id, email, name, role, sites, disabled`,
      [randomUUID(), u.email, u.name, u.role, u.sites, hash],
    );
    // A new password is often a reset after a leak: sessions opened with the old one end with it.
    await tx.query('DELETE FROM dashboard_sessions WHERE user_id = $1', [r.rows[0].id]);
    return toUser(r.rows[0]);
  });
}

/** A users row as selected: its columns carry the field names of the user. */
export type UserRow = DashboardUser;

export function toUser(row: UserRow): DashboardUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, sites: row.sites, disabled: row.disabled };
}

export async function findUserByEmail(db: Queryable, email: string): Promise<(DashboardUser & { passwordHash: string }) | null> {
  const r = await db.query<UserRow & { password_hash: string }>(
    'SELECT id, email, name, role, sites, disabled, password_hash FROM users WHERE email = $1',
    [email.trim().toLowerCase()],
  );
  const row = r.rows[0];
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export async function setUserDisabled(db: Db, email: string, disabled: boolean): Promise<void> {
  const r = await db.query('UPDATE users SET disabled = $2 WHERE email = $1', [email.trim().toLowerCase(), disabled]);
  if (r.rowCount === 0) throw new HttpError(404, 'user-not-found', `no dashboard user "${email}": list them with: npm run server -- user list`);
  if (disabled) await db.query('DELETE FROM dashboard_sessions WHERE user_id = (SELECT id FROM users WHERE email = $1)', [email.trim().toLowerCase()]);
}

/** Whether anyone can sign in to the dashboard: false on a fresh server, before the first `user create`. */
export async function anyActiveUser(db: Queryable): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users WHERE NOT disabled LIMIT 1')).rowCount > 0;
}

export async function listUsers(db: Db): Promise<DashboardUser[]> {
  const r = await db.query<UserRow>('SELECT id, email, name, role, sites, disabled FROM users ORDER BY email');
  return r.rows.map(toUser);
}

export const updateUserInput = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: dashboardRole.optional(),
    sites: z.array(slugId).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .describe('user changes (only the fields sent change)');

async function requireSites(db: Queryable, sites: string[]): Promise<void> {
  const unknown = await db.query<{ id: string }>('SELECT id FROM unnest($1::text[]) AS s(id) WHERE id NOT IN (SELECT id FROM sites WHERE NOT deleted)', [sites]);
  if (unknown.rows.length > 0) throw new HttpError(404, 'site-not-found', `no site ${unknown.rows.map((r) => `"${r.id}"`).join(', ')}: create it first or fix the sites`);
}

/** Role, site scope, name or disabled; a narrower scope or a disabled user ends their open sessions. */
export async function updateUser(db: Db, id: string, patch: z.infer<typeof updateUserInput>): Promise<DashboardUser> {
  if (patch.sites) await requireSites(db, patch.sites);
  return db.transaction(async (tx) => {
    const current = (await tx.query<UserRow>('SELECT id, email, name, role, sites, disabled FROM users WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (!current) throw new HttpError(404, 'user-not-found', `no dashboard user with id ${id}: list them with GET /api/v1/admin/users`);
    const next = { ...toUser(current), ...patch };
    if (next.role === 'supervisor' && next.sites.length === 0) throw new HttpError(400, 'invalid-user', 'sites: a supervisor needs at least one site');
    await tx.query('UPDATE users SET name = $2, role = $3, sites = $4, disabled = $5 WHERE id = $1', [id, next.name, next.role, next.sites, next.disabled]);
    const narrowed = next.disabled || next.role !== current.role || current.sites.some((s) => !next.sites.includes(s));
    if (narrowed) await tx.query('DELETE FROM dashboard_sessions WHERE user_id = $1', [id]);
    return next;
  });
}

export const passwordInput = z
  .object({ password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(1024) })
  .strict()
  .describe('new password');

/** A reset: the new password, and every session opened with the old one ends. */
export async function setUserPassword(db: Db, id: string, password: string): Promise<DashboardUser> {
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const r = await tx.query<UserRow>('UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id, email, name, role, sites, disabled', [id, hash]);
    if (r.rowCount === 0) throw new HttpError(404, 'user-not-found', `no dashboard user with id ${id}: list them with GET /api/v1/admin/users`);
    await tx.query('DELETE FROM dashboard_sessions WHERE user_id = $1', [id]);
    return toUser(r.rows[0]);
  });
}
