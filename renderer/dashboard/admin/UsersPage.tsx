import { useState } from 'react';
import { adminApi, type AdminUser, type Site } from './admin-api';
import { ActionError, AdminLoaded, Field } from './shared';
import { useAction, useAdminData } from './use-admin-data';
import { ScrollRegion } from '../views/shared';

const loadAll = () => Promise.all([adminApi.users(), adminApi.sites()]);
const sitesOf = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

function UserRow({ u, onChanged }: { u: AdminUser; onChanged: () => void }) {
  const action = useAction();
  const [sites, setSites] = useState(u.sites.join(', '));
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const run = (fn: () => Promise<unknown>, message: string) => action.run(fn).then((ok) => ok && (setDone(message), onChanged()));
  return (
    <tr data-testid={`user-${u.email}`}>
      <th scope="row">
        {u.name} <span className="muted user-email">{u.email}</span>
        {u.disabled && <strong> (disabled)</strong>}
      </th>
      <td>
        <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => void run(() => adminApi.updateUser(u.id, { role: e.target.value as AdminUser['role'] }), 'Role changed')}>
          <option value="supervisor">supervisor</option>
          <option value="admin">admin</option>
        </select>
      </td>
      <td>
        <form className="inline-form" onSubmit={(e) => (e.preventDefault(), void run(() => adminApi.updateUser(u.id, { sites: sitesOf(sites) }), 'Sites saved'))}>
          <input aria-label={`Sites of ${u.email}`} value={sites} onChange={(e) => setSites(e.target.value)} placeholder={u.role === 'admin' ? 'all sites' : 'plant-2'} />
          <button type="submit" className="button">Save</button>
        </form>
      </td>
      <td>
        <form className="inline-form" onSubmit={(e) => (e.preventDefault(), void run(() => adminApi.resetPassword(u.id, password), 'Password replaced; open sessions ended').then(() => setPassword('')))}>
          <input type="password" autoComplete="new-password" aria-label={`New password for ${u.email}`} value={password} onChange={(e) => setPassword(e.target.value)} minLength={12} />
          <button type="submit" className="button" disabled={password.length === 0}>Reset</button>
        </form>
      </td>
      <td>
        <button type="button" className="button" onClick={() => void run(() => adminApi.updateUser(u.id, { disabled: !u.disabled }), u.disabled ? 'Enabled' : 'Disabled; open sessions ended')}>
          {u.disabled ? 'Enable' : 'Disable'}
        </button>
        <ActionError error={action.error} />
        {done && <span role="status" className="muted"> {done}</span>}
      </td>
    </tr>
  );
}

/** Dashboard users: create, role, site scope, password reset, disable. Passwords are never shown again. */
export function UsersPage() {
  const [data, reload] = useAdminData(loadAll);
  const action = useAction();
  const blank = { email: '', name: '', role: 'supervisor', sites: '', password: '' };
  const [form, setForm] = useState(blank);
  return (
    <section className="admin-page">
      <AdminLoaded data={data} what="users">
        {([users, sites]: [AdminUser[], Site[]]) => (
          <>
            <h2>New user</h2>
            <form
              className="admin-form"
              onSubmit={(e) => {
                e.preventDefault();
                void action.run(() => adminApi.createUser({ ...form, sites: sitesOf(form.sites) })).then((ok) => ok && (setForm(blank), reload()));
              }}
            >
              <Field label="Email"><input name="email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required /></Field>
              <Field label="Name"><input name="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required /></Field>
              <Field label="Role">
                <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
                  <option value="supervisor">supervisor (their sites)</option>
                  <option value="admin">admin (every site)</option>
                </select>
              </Field>
              <Field label="Sites" hint={`comma-separated: ${sites.map((s) => s.id).join(', ') || 'create a site first'}`}>
                <input name="sites" value={form.sites} onChange={(e) => setForm({ ...form, sites: e.target.value })} />
              </Field>
              <Field label="Password" hint="at least 12 characters; tell it to the user in person">
                <input name="password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required minLength={12} />
              </Field>
              <button type="submit" className="button button-primary" disabled={action.busy}>Create user</button>
            </form>
            <ActionError error={action.error} />
            <h2 id="users-heading">Users</h2>
            <ScrollRegion labelledBy="users-heading">
              <table>
                <thead>
                  <tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Sites</th><th scope="col">Password</th><th scope="col">Access</th></tr>
                </thead>
                <tbody>
                  {users.map((u) => <UserRow key={`${u.id}-${u.role}-${u.sites.join()}-${u.disabled}`} u={u} onChanged={reload} />)}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        )}
      </AdminLoaded>
    </section>
  );
}
