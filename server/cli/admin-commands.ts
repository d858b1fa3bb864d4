import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FleetResponse } from '../../common/contracts/fleet';
import type { RosterImportSummary } from '../../common/contracts/roster-import';
import type { SiteWithStations } from '../admin';
import type { DashboardUser } from '../dashboard/users';
import type { EnrollmentCodeInfo } from '../enrollment/enrollment-codes';
import { HttpError } from '../errors';
import { exportAll } from '../export/export';
import { rebuildSummaries } from '../summaries/summaries';
import type { LrsKeyInfo } from '../lrs-keys';
import { parseDisplayNamesCsv, type DisplayNameEntry } from '../roster/display-names';
import type { RequirementsInput } from '../roster/requirements';
import type { ServerSettings } from '../settings/settings';
import { formatRequirementsCsv, parseRequirementsCsv } from '../roster/requirements-csv';
import { parseDuration } from '../secrets';
import { call, ok, type AdminClient } from './admin-client';
import { UsageError, type Flags } from './usage';

/**
 * The admin commands of `npm run server`, each as calls to the admin HTTP API through an
 * AdminClient (a running server, or the routes in-process over the database). Output is for people;
 * secrets are printed once, where the command exists to show them.
 */

export interface CommandContext {
  client: AdminClient;
  flags: Flags;
  /** Positional words after the command: [sub, ...rest]. */
  args: string[];
  /** A secret from standard input (password, PIN), read only by the commands that take one. */
  readSecret(prompt: string): Promise<string>;
  out(line: string): void;
}

export function need(flags: Flags, name: string, example: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`missing --${name} (e.g. --${name} ${example})`);
  return v;
}

const idList = (value: string | boolean | undefined) => (typeof value === 'string' ? value.split(/[,;]/).map((x) => x.trim()).filter(Boolean) : []);

function table(out: (line: string) => void, lines: Array<string | [string, string]>): void {
  for (const l of lines) out(Array.isArray(l) ? `${l[0].padEnd(12)} ${l[1]}` : l);
}

type Command = (ctx: CommandContext) => Promise<number>;

const createSite: Command = async ({ client, flags, out }) => {
  const site = await call<{ id: string; name: string }>(client, 'POST', '/api/v1/admin/sites', { id: need(flags, 'id', 'plant-2'), name: need(flags, 'name', '"Plant 2"') });
  out(`site ${site.id} (${site.name}) saved`);
  return 0;
};

const createStation: Command = async ({ client, flags, out }) => {
  const body = { siteId: need(flags, 'site', 'plant-2'), id: need(flags, 'id', 'press-line-4'), name: need(flags, 'name', '"Press line 4"') };
  const st = await call<{ siteId: string; id: string; name: string }>(client, 'POST', '/api/v1/admin/stations', body);
  out(`station ${st.id} (${st.name}) at site ${st.siteId} saved`);
  return 0;
};

const sites: Command = async ({ client, out }) => {
  const list = (await call<{ sites: SiteWithStations[] }>(client, 'GET', '/api/v1/admin/sites')).sites;
  if (list.length === 0) out('no sites yet: create-site --id plant-2 --name "Plant 2"');
  for (const s of list) {
    out(`${s.id}  ${s.name}`);
    for (const st of s.stations) out(`    ${st.id}  ${st.name}`);
  }
  return 0;
};

const enroll: Command = async ({ client, flags, args, out }) => {
  const [sub] = args;
  if (sub === 'list') {
    const { codes } = await call<{ codes: EnrollmentCodeInfo[] }>(client, 'GET', '/api/v1/admin/enrollment-codes');
    if (codes.length === 0) out('no enrollment codes yet');
    for (const c of codes) out(`${c.id}  ${c.siteId}/${c.stationId}  ${c.status.toUpperCase()}  expires ${c.expiresAt}${c.usedAt ? `  used ${c.usedAt} by terminal ${c.terminalId}` : ''}`);
    return 0;
  }
  if (sub === 'revoke') {
    const id = need(flags, 'id', '<code id from enroll list>');
    await call(client, 'POST', `/api/v1/admin/enrollment-codes/${encodeURIComponent(id)}/revoke`);
    out(`enrollment code ${id} revoked: a terminal trying it is refused`);
    return 0;
  }
  if (sub !== undefined) throw new UsageError('use: enroll --site S --station T [--expires 24h] | enroll list | enroll revoke --id ID');
  const expiresInSeconds = Math.round(parseDuration(typeof flags.expires === 'string' ? flags.expires : '24h') / 1000);
  const c = await call<{ code: string; siteId: string; stationId: string; expiresAt: string }>(client, 'POST', '/api/v1/admin/enrollment-codes', {
    siteId: need(flags, 'site', 'plant-2'),
    stationId: need(flags, 'station', 'press-line-4'),
    expiresInSeconds,
  });
  table(out, [
    'Enrollment code (one terminal, one use):',
    '',
    `    ${c.code}`,
    '',
    ['site', c.siteId],
    ['station', c.stationId],
    ['expires', c.expiresAt],
    '',
    'Put it in the terminal config as server.enrollmentCode; the terminal enrolls on first contact.',
  ]);
  return 0;
};

const terminals: Command = async ({ client, out }) => {
  const { terminals: list, staleAfterSeconds } = await call<FleetResponse>(client, 'GET', '/api/v1/admin/terminals');
  if (list.length === 0) out('no terminals enrolled yet');
  // The same stale flag as the dashboard's fleet page, computed by the server.
  const stale = `  STALE (no contact for over ${Math.round(staleAfterSeconds / 60)} min)`;
  for (const t of list) out(`${t.id}  ${t.siteId}/${t.stationId}  ${t.name}  ${t.revokedAt ? `REVOKED ${t.revokedAt}` : `last seen ${t.lastSeenAt ?? 'never'}${t.stale ? stale : ''}`}`);
  return 0;
};

const revoke: Command = async ({ client, flags, out }) => {
  const id = need(flags, 'terminal', '<terminal id from the terminals command>');
  await call(client, 'POST', `/api/v1/admin/terminals/${encodeURIComponent(id)}/revoke`);
  out(`terminal ${id} revoked: its next request is refused`);
  return 0;
};

const adminToken: Command = async ({ client, flags, args, out }) => {
  if (args[0] !== 'create') throw new UsageError('use: admin-token create [--label NAME]');
  const t = await call<{ token: string }>(client, 'POST', '/api/v1/admin/admin-tokens', { label: typeof flags.label === 'string' ? flags.label : 'admin-token' });
  table(out, ['Admin token (shown only now; store it in a password manager or a file only you can read):', '', `    ${t.token}`, '', 'Use it as: Authorization: Bearer <token>, or --token-file FILE with this CLI']);
  return 0;
};

const lrsKey: Command = async ({ client, flags, args, out }) => {
  const [sub] = args;
  if (sub === 'list') {
    const { keys } = await call<{ keys: LrsKeyInfo[] }>(client, 'GET', '/api/v1/admin/lrs-keys');
    if (keys.length === 0) out('no LRS keys yet: lrs-key create --label NAME');
    for (const k of keys) out(`${k.key}  ${k.write ? 'read+write' : 'read-only'}  ${k.revokedAt ? `REVOKED ${k.revokedAt}` : `created ${k.createdAt}`}  ${k.label}`);
    return 0;
  }
  if (sub === 'revoke') {
    const key = need(flags, 'key', 'lrs_...');
    await call(client, 'POST', `/api/v1/admin/lrs-keys/${encodeURIComponent(key)}/revoke`);
    out(`LRS key ${key} revoked: the tool's next request is refused`);
    return 0;
  }
  if (sub !== 'create') throw new UsageError('use: lrs-key create [--label NAME] [--write] | lrs-key list | lrs-key revoke --key K');
  const k = await call<{ key: string; secret: string; write: boolean }>(client, 'POST', '/api/v1/admin/lrs-keys', { label: typeof flags.label === 'string' ? flags.label : 'lrs-key', write: flags.write === true });
  const access = k.write ? 'read and write' : 'read only (create the key with --write for a tool that must write statements)';
  table(out, ['LRS credentials for an xAPI reporting tool (HTTP Basic; the secret is shown only now):', '', ['key', k.key], ['secret', k.secret], ['access', access], ['endpoint', '<server URL>/xapi/']]);
  return 0;
};

async function userByEmail(client: AdminClient, email: string): Promise<DashboardUser> {
  const { users } = await call<{ users: DashboardUser[] }>(client, 'GET', '/api/v1/admin/users');
  const u = users.find((x) => x.email === email.trim().toLowerCase());
  if (!u) throw new HttpError(404, 'user-not-found', `no dashboard user "${email}": list them with: npm run server -- user list`);
  return u;
}

async function passwordFromStdin(ctx: CommandContext): Promise<string> {
  if (ctx.flags.password !== undefined) throw new UsageError('passwords are never taken from the command line (shell history): pipe it in with --password-stdin');
  if (ctx.flags['password-stdin'] !== true) throw new UsageError('add --password-stdin and type or pipe the password (at least 12 characters)');
  return ctx.readSecret('Password: ');
}

const user: Command = async (ctx) => {
  const { client, flags, args, out } = ctx;
  const [sub] = args;
  const sitesFlag = () => (typeof flags.sites === 'string' ? { sites: idList(flags.sites) } : {});
  const roleFlag = () => {
    if (flags.role === undefined) return {};
    if (flags.role !== 'admin' && flags.role !== 'supervisor') throw new UsageError(`--role must be admin or supervisor, got "${String(flags.role)}"`);
    return { role: flags.role };
  };
  const describe = (u: DashboardUser) => `${u.email} (${u.role}${u.role === 'supervisor' ? `, sites ${u.sites.join(', ')}` : ''})`;
  if (sub === 'create') {
    const input = { email: need(flags, 'email', 'sue@example.com'), name: need(flags, 'name', '"Sue Smith"'), role: need(flags, 'role', 'supervisor'), sites: idList(flags.sites) };
    roleFlag();
    const password = await passwordFromStdin(ctx);
    const u = await call<DashboardUser>(client, 'POST', '/api/v1/admin/users', { ...input, password });
    out(`dashboard user ${describe(u)} saved`);
    return 0;
  }
  if (sub === 'list') {
    const { users } = await call<{ users: DashboardUser[] }>(client, 'GET', '/api/v1/admin/users');
    if (users.length === 0) out('no dashboard users yet: npm run server -- user create --help');
    for (const u of users) out(`${u.email}  ${u.role}  ${u.role === 'admin' ? 'all sites' : u.sites.join(',')}${u.disabled ? '  DISABLED' : ''}  ${u.name}`);
    return 0;
  }
  if (sub === 'disable' || sub === 'enable' || sub === 'set') {
    const email = need(flags, 'email', 'sue@example.com');
    const patch = sub === 'set' ? { ...roleFlag(), ...sitesFlag(), ...(typeof flags.name === 'string' ? { name: flags.name } : {}) } : { disabled: sub === 'disable' };
    if (Object.keys(patch).length === 0) throw new UsageError('user set needs --role, --sites or --name');
    const u = await call<DashboardUser>(client, 'PATCH', `/api/v1/admin/users/${(await userByEmail(client, email)).id}`, patch);
    out(sub === 'set' ? `dashboard user ${describe(u)} saved` : `dashboard user ${email} ${sub}d${sub === 'disable' ? ': open sessions ended' : ''}`);
    return 0;
  }
  if (sub === 'reset-password') {
    const id = (await userByEmail(client, need(flags, 'email', 'sue@example.com'))).id;
    const password = await passwordFromStdin(ctx);
    const u = await call<DashboardUser>(client, 'PUT', `/api/v1/admin/users/${id}/password`, { password });
    out(`password of ${u.email} replaced: open sessions ended`);
    return 0;
  }
  throw new UsageError('use: user create | user list | user set --email E [--role R] [--sites a,b] | user reset-password --email E --password-stdin | user disable|enable --email E');
};

const roster: Command = async ({ client, flags, args, out }) => {
  const [sub, file] = args;
  if (sub !== 'import' || !file) throw new UsageError('use: roster import FILE.csv [--dry-run]');
  const dryRun = flags['dry-run'] === true;
  const res = await client.request('POST', `/api/v1/admin/roster/import${dryRun ? '?dryRun=true' : ''}`, readFileSync(resolve(file), 'utf8'), 'text/csv');
  // 422 is a refused import: its body is the same summary, naming the rows to fix.
  const r = res.status === 422 ? (res.body as RosterImportSummary) : ok<RosterImportSummary>(res);
  table(out, [
    `${r.dryRun ? 'Dry run (nothing changed)' : r.applied ? 'Roster imported' : 'Roster NOT imported (nothing changed)'}: sites ${r.sites.join(', ') || '-'}`,
    ['added', String(r.added)],
    ['changed', String(r.changed)],
    ['deactivated', String(r.deactivated)],
    ['unchanged', String(r.unchanged)],
    ['badges', `${r.badges.added} added, ${r.badges.moved} moved, ${r.badges.withdrawn} withdrawn`],
    ['errors', String(r.errors.length)],
    ...r.errors.map((e) => `  row ${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.message}`),
  ]);
  return r.errors.length > 0 ? 1 : 0;
};

const names: Command = async ({ client, args, out }) => {
  const [sub, file] = args;
  if (sub === 'list') {
    const list = (await call<{ names: DisplayNameEntry[] }>(client, 'GET', '/api/v1/admin/display-names')).names;
    for (const n of list) out(`${n.kind}  ${n.siteId ? `${n.siteId}/` : ''}${n.id}  ${n.language}  ${n.name}`);
    return 0;
  }
  if (sub !== 'import' || !file) throw new UsageError('use: names import FILE.csv | names list');
  const parsed = parseDisplayNamesCsv(readFileSync(resolve(file), 'utf8'));
  if (parsed.errors.length > 0) {
    table(out, [`Names NOT imported (nothing changed): ${parsed.errors.length} problem(s)`, ...parsed.errors.map((e) => `  ${e}`)]);
    return 1;
  }
  const r = await call<{ saved: number }>(client, 'PUT', '/api/v1/admin/display-names', { names: parsed.names });
  out(`${r.saved} name(s) saved: terminals get them at their next sync`);
  return 0;
};

const staffPin: Command = async (ctx) => {
  const { client, flags, args, out } = ctx;
  const employeeId = need(flags, 'employee', 'E100');
  const path = `/api/v1/admin/staff-pins/${encodeURIComponent(employeeId)}`;
  if (args[0] === 'set') {
    if (flags.pin !== undefined) throw new UsageError('PINs are never taken from the command line (shell history): pipe it in with --pin-stdin');
    if (flags['pin-stdin'] !== true) throw new UsageError('add --pin-stdin and type or pipe the PIN (6-12 digits)');
    const pin = (await ctx.readSecret('PIN: ')).trim();
    const r = await call<{ employeeId: string; siteId: string }>(client, 'PUT', path, { pin });
    out(`staff PIN for ${r.employeeId} set: terminals of site ${r.siteId} get it at their next sync`);
    return 0;
  }
  if (args[0] === 'clear') {
    const r = await call<{ employeeId: string; siteId: string; changed: boolean }>(client, 'DELETE', path);
    out(r.changed ? `staff PIN for ${r.employeeId} cleared: terminals of site ${r.siteId} refuse it after their next sync` : `${r.employeeId} had no staff PIN`);
    return 0;
  }
  throw new UsageError('use: staff-pin set --employee E --pin-stdin | staff-pin clear --employee E');
};

const requirements: Command = async ({ client, flags, args, out }) => {
  const [sub, file] = args;
  if (sub === 'list') {
    out(formatRequirementsCsv(await call<RequirementsInput>(client, 'GET', '/api/v1/admin/requirements')).trimEnd());
    return 0;
  }
  let input: RequirementsInput;
  if (sub === 'import') {
    if (!file) throw new UsageError('use: requirements import FILE.csv (columns role,site,station,lessons,skills,recert_days,effective_from; see requirements list)');
    input = parseRequirementsCsv(readFileSync(resolve(file), 'utf8'));
  } else if (sub === 'set') {
    const days = flags['recert-days'];
    const from = flags['effective-from'];
    if (days !== undefined && (typeof days !== 'string' || !/^\d+$/.test(days))) throw new UsageError('--recert-days takes a whole number of days, e.g. --recert-days 365');
    // The date is checked by the server, so the CLI and the API refuse a bad one in the same words.
    const lists = {
      lessons: idList(flags.lessons),
      skills: idList(flags.skills),
      recertDays: typeof days === 'string' ? Number(days) : null,
      effectiveFrom: typeof from === 'string' ? from : null,
    };
    input =
      typeof flags.role === 'string'
        ? { roles: [{ role: flags.role, ...lists }], stations: [] }
        : { roles: [], stations: [{ siteId: need(flags, 'site', 'plant-2'), stationId: need(flags, 'station', 'press-line-4'), ...lists }] };
  } else {
    throw new UsageError('use: requirements list | requirements set (--role R | --site S --station T) --lessons a,b (in step order) [--recert-days N] [--effective-from YYYY-MM-DD] | requirements import FILE.csv');
  }
  const r = await call<{ changed: number }>(client, 'PUT', '/api/v1/admin/requirements', input);
  const owners = [...input.roles.map((x) => `role ${x.role}`), ...input.stations.map((x) => `station ${x.siteId}/${x.stationId}`)];
  out(`requirements saved for ${owners.length === 1 ? owners[0] : `${owners.length} roles and stations`}: ${r.changed} changed (terminals get them at their next sync)`);
  return 0;
};

/** Downloads one export from a running server into `target`, renamed into place only when complete. */
async function download(stream: (path: string) => Promise<Response>, path: string, target: string): Promise<void> {
  const res = await stream(path);
  if (!res.ok || !res.body) ok({ status: res.status, body: await res.json().catch(() => null) });
  const temp = `${target}.tmp-${process.pid}`;
  try {
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(temp));
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** In-process, the export streams from the database to the files; through a server, it downloads the same two files. */
const exportFiles: Command = async ({ client, flags, out }) => {
  const dir = resolve(need(flags, 'out', './export'));
  mkdirSync(dir, { recursive: true });
  if (client.db) {
    const r = await exportAll(client.db, dir);
    table(out, [`exported ${r.statements} statements:`, ...r.files.map((f) => `    ${f}`)]);
    return 0;
  }
  const files = [join(dir, 'statements.jsonl'), join(dir, 'completions.csv')];
  await download(client.stream, '/api/v1/admin/export/statements.jsonl', files[0]);
  await download(client.stream, '/api/v1/admin/export/completions.csv', files[1]);
  table(out, ['exported:', ...files.map((f) => `    ${f}`)]);
  return 0;
};

/** Recomputes the dashboard summaries from the statements, on the database itself (no HTTP route: it is an operator's repair). */
const summaries: Command = async ({ client, args, out }) => {
  if (args[0] !== 'rebuild') throw new UsageError('use: summaries rebuild');
  if (!client.db) throw new UsageError('summaries rebuild works on the database directly: stop the server on this data dir and run it again');
  const started = Date.now();
  const r = await rebuildSummaries(client.db, new Date());
  out(`dashboard summaries rebuilt from ${r.statements} completion statements for ${r.sites} sites in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
};

/** Server settings: `settings list`, `settings set --supervisors-edit-station-requirements on|off`. */
const settings: Command = async ({ client, flags, args, out }) => {
  const print = (v: ServerSettings) => out(`supervisors-edit-station-requirements: ${v.supervisorsEditStationRequirements ? 'on' : 'off'}`);
  if (args[0] === 'list') {
    print(await call<ServerSettings>(client, 'GET', '/api/v1/admin/settings'));
    return 0;
  }
  const value = flags['supervisors-edit-station-requirements'];
  if (args[0] !== 'set' || (value !== 'on' && value !== 'off')) {
    throw new UsageError('use: settings list | settings set --supervisors-edit-station-requirements on|off (supervisors may set requirements of stations at their own sites)');
  }
  print(await call<ServerSettings>(client, 'PUT', '/api/v1/admin/settings', { supervisorsEditStationRequirements: value === 'on' }));
  return 0;
};

/** Admin commands by name. */
export const ADMIN_COMMANDS: Record<string, Command> = {
  'create-site': createSite,
  'create-station': createStation,
  sites,
  enroll,
  terminals,
  revoke,
  'admin-token': adminToken,
  'lrs-key': lrsKey,
  user,
  roster,
  names,
  'staff-pin': staffPin,
  requirements,
  settings,
  export: exportFiles,
  summaries,
};
