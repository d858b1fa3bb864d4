import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAdminToken, createEnrollmentCode, createLrsKey, createSite, createSiteInput, createStation, createStationInput, listTerminals, revokeTerminal } from './admin';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import { readSecretFromStdin } from './dashboard/read-secret';
import { createUser, listUsers, setUserDisabled } from './dashboard/users';
import { listDisplayNames, parseDisplayNamesCsv, setDisplayNames } from './roster/display-names';
import { importRoster } from './roster/import';
import { getRequirements, requirementsInput, setRequirements, type RequirementsInput } from './roster/requirements';
import { formatRequirementsCsv, parseRequirementsCsv } from './roster/requirements-csv';
import { clearStaffPin, setStaffPin } from './staff/staff-pins';
import { HttpError, describeZodError } from './errors';
import { exportAll } from './export/export';
import { parseDuration } from './secrets';

const USAGE = `Shiftlearn server

Usage: npm run server -- <command> [options]

  serve [--port 8080] [--host 0.0.0.0] [--public-url URL] [--max-clock-skew 5m]
                                                            run the server (the default command)
  migrate                                                   apply database migrations and exit
  create-site --id plant-2 --name "Plant 2"
  create-station --site plant-2 --id press-line-4 --name "Press line 4"
  enroll --site plant-2 --station press-line-4 [--expires 24h]   print a one-time enrollment code
  terminals                                                 list enrolled terminals
  revoke --terminal <terminal id>                           cut a terminal off at once
  admin-token create [--label NAME]                         print a new admin token (shown once)
  lrs-key create [--label NAME] [--write]                   print a key/secret for xAPI reporting tools
                                                            (read-only unless --write)
  export --out DIR                                          write statements.jsonl and completions.csv
  user create --email E --name N --role admin|supervisor [--sites a,b] --password-stdin
                                                            dashboard user (password read from stdin, never argv)
  user list | user disable --email E | user enable --email E
  roster import FILE.csv [--dry-run]                        import the HR roster (all or nothing; see
                                                            common/contracts/roster-import.ts for the columns)
  names import FILE.csv                                     role, station and skill names per language
                                                            (columns kind,site,id,language,name)
  names list
  staff-pin set --employee E --pin-stdin                    a supervisor's or site-IT worker's terminal PIN
                                                            (6-12 digits, read from stdin, never argv)
  staff-pin clear --employee E                              remove it (terminals refuse it at next sync)
  requirements list                                         what each role and station requires, as CSV
  requirements set --role R --lessons a,b [--skills s]      replace what a role requires
  requirements set --site S --station T --lessons a,b       replace what a station requires (no --lessons: none)
  requirements import FILE.csv                              set every row of the file (columns as printed by
                                                            list: role,site,station,lessons,skills)
  serve ... --log-file PATH                                 JSON logs to PATH, rotated daily and at 50 MB

Environment:
  DATABASE_URL            postgres://... to use PostgreSQL; otherwise the embedded database
  SHIFTLEARN_DATA_DIR     embedded database directory (default ./.data/server-db)
  SHIFTLEARN_DB_SCHEMA    PostgreSQL schema (default public)
  SHIFTLEARN_PUBLIC_URL   the server's one canonical URL: terminals are handed it, and every actor
                          homePage, activity id and extension IRI is built from it (default http://localhost:<port>)
  SHIFTLEARN_MAX_CLOCK_SKEW  how far in the future a statement timestamp may be (default 5m)
  SHIFTLEARN_CREDENTIAL_KEY  32 random bytes, base64: encrypts the certificate signing key at rest
                          (otherwise SHIFTLEARN_CREDENTIAL_KEY_FILE, default credential.key beside the data dir, made on first start)
  SHIFTLEARN_ISSUER_NAME  the issuer name on certificates (default "Shiftlearn at <host>")
  LOG_LEVEL               pino level (default info)
`;

class UsageError extends Error {}

/** Every option of every command; strict parsing turns a mistyped flag into a usage error. */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  host: { type: 'string' },
  'public-url': { type: 'string' },
  'max-clock-skew': { type: 'string' },
  'log-file': { type: 'string' },
  id: { type: 'string' },
  name: { type: 'string' },
  site: { type: 'string' },
  station: { type: 'string' },
  expires: { type: 'string' },
  terminal: { type: 'string' },
  label: { type: 'string' },
  write: { type: 'boolean' },
  out: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  sites: { type: 'string' },
  employee: { type: 'string' },
  'dry-run': { type: 'boolean' },
  lessons: { type: 'string' },
  skills: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'pin-stdin': { type: 'boolean' },
  // Accepted only to refuse them with the reason: secrets never come from argv (shell history).
  password: { type: 'string' },
  pin: { type: 'string' },
} as const;

type Flags = Partial<Record<keyof typeof OPTIONS, string | boolean>>;

function parseCliArgs(argv: string[]): { command: string[]; flags: Flags } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { command: positionals, flags: values };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function need(flags: Flags, name: keyof typeof OPTIONS, example: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`missing --${name} (e.g. --${name} ${example})`);
  return v;
}

async function open(): Promise<Db> {
  const db = await openDb({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: resolve(process.env.SHIFTLEARN_DATA_DIR ?? '.data/server-db'),
    schema: process.env.SHIFTLEARN_DB_SCHEMA || undefined,
  });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function serve(flags: Flags): Promise<void> {
  const port = Number(flags.port ?? process.env.PORT ?? 8080);
  const host = String(flags.host ?? process.env.HOST ?? '0.0.0.0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number 0-65535, got ${String(flags.port)}`);
  const serverUrl = String(flags['public-url'] ?? process.env.SHIFTLEARN_PUBLIC_URL ?? `http://localhost:${port}`);
  if (!/^https?:\/\/[^/\s]+/.test(serverUrl)) throw new UsageError(`--public-url must be an http(s) URL such as https://learn.example.com, got ${serverUrl}`);
  const skew = String(flags['max-clock-skew'] ?? process.env.SHIFTLEARN_MAX_CLOCK_SKEW ?? '5m');
  let maxClockSkewMs: number;
  try {
    maxClockSkewMs = parseDuration(skew);
  } catch (err) {
    throw new UsageError(`--max-clock-skew: ${(err as Error).message}`);
  }
  const db = await open();
  const logFile = typeof flags['log-file'] === 'string' ? resolve(flags['log-file']) : null;
  // A start that fails (bad log file, port taken) still closes the database: PGlite flushes and frees its data directory.
  // Loaded here, not at the top: Fastify and the routes are only needed to serve, not for admin commands.
  const { buildApp, loggerOptions } = await import('./app');
  const { loadCredentialKey } = await import('./credentials/key-file');
  let credentialKey: Buffer;
  try {
    credentialKey = loadCredentialKey(process.env, join(dirname(resolve(process.env.SHIFTLEARN_DATA_DIR ?? '.data/server-db')), 'credential.key')).key;
  } catch (err) {
    await db.close();
    throw new UsageError(`credential key: ${(err as Error).message}`);
  }
  const app = await buildApp({ db, serverUrl, maxClockSkewMs, credentialKey, issuerName: process.env.SHIFTLEARN_ISSUER_NAME || undefined, logger: loggerOptions(process.env.LOG_LEVEL ?? 'info', logFile) }).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await db.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ port, host });
  } catch (err) {
    await app.close();
    await db.close();
    throw err;
  }
  const tokens = await db.query('SELECT 1 FROM admin_tokens WHERE revoked_at IS NULL LIMIT 1');
  app.log.info({ database: db.kind, serverUrl }, 'Shiftlearn server ready');
  const dashboardUrl = `${port === 0 ? `http://localhost:${(app.server.address() as AddressInfo).port}` : serverUrl.replace(/\/$/, '')}/dashboard/`;
  const reach = host === '0.0.0.0' || host === '::' ? 'every network interface; --host 127.0.0.1 keeps it on this machine' : host;
  app.log.info({ dashboardUrl, host }, `dashboard at ${dashboardUrl} (listening on ${reach})`);
  if (tokens.rowCount === 0) app.log.warn('no admin token exists yet: create one with  npm run server -- admin-token create');
}

function print(lines: Array<string | [string, string]>): void {
  for (const l of lines) console.log(Array.isArray(l) ? `${l[0].padEnd(12)} ${l[1]}` : l);
}

const idList = (value: string | boolean | undefined) => (typeof value === 'string' ? value.split(/[,;]/).map((x) => x.trim()).filter(Boolean) : []);

async function requirementsCommand(sub: string | undefined, file: string | undefined, flags: Flags): Promise<number> {
  if (sub === 'list') {
    process.stdout.write(formatRequirementsCsv(await withDb(getRequirements)));
    return 0;
  }
  let input: RequirementsInput;
  if (sub === 'import') {
    if (!file) throw new UsageError('use: requirements import FILE.csv (columns role,site,station,lessons,skills; see requirements list)');
    input = parseRequirementsCsv(readFileSync(resolve(file), 'utf8'));
  } else if (sub === 'set') {
    const lists = { lessons: idList(flags.lessons), skills: idList(flags.skills) };
    const owner = typeof flags.role === 'string' ? { roles: [{ role: flags.role, ...lists }] } : { stations: [{ siteId: need(flags, 'site', 'plant-2'), stationId: need(flags, 'station', 'press-line-4'), ...lists }] };
    const parsed = requirementsInput.safeParse(owner);
    if (!parsed.success) throw new UsageError(describeZodError(parsed.error));
    input = parsed.data;
  } else {
    throw new UsageError('use: requirements list | requirements set (--role R | --site S --station T) --lessons a,b | requirements import FILE.csv');
  }
  const r = await withDb((db) => setRequirements(db, input));
  const owners = [...input.roles.map((x) => `role ${x.role}`), ...input.stations.map((x) => `station ${x.siteId}/${x.stationId}`)];
  console.log(`requirements saved for ${owners.length === 1 ? owners[0] : `${owners.length} roles and stations`}: ${r.changed} changed (terminals get them at their next sync)`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const { command, flags } = parseCliArgs(argv);
  const [cmd = 'serve', sub] = command;
  if (flags.help || cmd === 'help') {
    console.log(USAGE);
    return 0;
  }
  switch (cmd) {
    case 'serve':
      await serve(flags);
      return -1;
    case 'migrate':
      await withDb(async () => undefined);
      console.log('migrations applied');
      return 0;
    case 'create-site': {
      const input = createSiteInput.safeParse({ id: need(flags, 'id', 'plant-2'), name: need(flags, 'name', '"Plant 2"') });
      if (!input.success) throw new UsageError(describeZodError(input.error));
      const site = await withDb((db) => createSite(db, input.data));
      print([`site ${site.id} (${site.name}) saved`]);
      return 0;
    }
    case 'create-station': {
      const input = createStationInput.safeParse({ siteId: need(flags, 'site', 'plant-2'), id: need(flags, 'id', 'press-line-4'), name: need(flags, 'name', '"Press line 4"') });
      if (!input.success) throw new UsageError(describeZodError(input.error));
      const st = await withDb((db) => createStation(db, input.data));
      print([`station ${st.id} (${st.name}) at site ${st.siteId} saved`]);
      return 0;
    }
    case 'enroll': {
      const site = need(flags, 'site', 'plant-2');
      const station = need(flags, 'station', 'press-line-4');
      const lifetime = parseDuration(typeof flags.expires === 'string' ? flags.expires : '24h');
      const c = await withDb((db) => createEnrollmentCode(db, site, station, lifetime, new Date()));
      print([
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
    }
    case 'terminals': {
      const list = await withDb(listTerminals);
      if (list.length === 0) console.log('no terminals enrolled yet');
      for (const t of list) console.log(`${t.id}  ${t.siteId}/${t.stationId}  ${t.name}  ${t.revokedAt ? `REVOKED ${t.revokedAt}` : `last seen ${t.lastSeenAt ?? 'never'}`}`);
      return 0;
    }
    case 'revoke': {
      const id = need(flags, 'terminal', '<terminal id from the terminals command>');
      await withDb((db) => revokeTerminal(db, id));
      console.log(`terminal ${id} revoked: its next request is refused`);
      return 0;
    }
    case 'admin-token':
    case 'lrs-key': {
      if (sub !== 'create') throw new UsageError(`use: ${cmd} create [--label NAME]${cmd === 'lrs-key' ? ' [--write]' : ''}`);
      const label = typeof flags.label === 'string' ? flags.label : cmd;
      if (cmd === 'admin-token') {
        const t = await withDb((db) => createAdminToken(db, label));
        print(['Admin token (shown only now; store it in a password manager):', '', `    ${t.token}`, '', 'Use it as: Authorization: Bearer <token>']);
      } else {
        const k = await withDb((db) => createLrsKey(db, label, flags.write === true));
        const access = k.write ? 'read and write' : 'read only (create the key with --write for a tool that must write statements)';
        print(['LRS credentials for an xAPI reporting tool (HTTP Basic; the secret is shown only now):', '', ['key', k.key], ['secret', k.secret], ['access', access], ['endpoint', '<server URL>/xapi/']]);
      }
      return 0;
    }
    case 'user': {
      if (sub === 'create') {
        if (flags.password !== undefined) throw new UsageError('passwords are never taken from the command line (shell history): pipe it in with --password-stdin');
        if (flags['password-stdin'] !== true) throw new UsageError('add --password-stdin and type or pipe the password (at least 12 characters)');
        const role = need(flags, 'role', 'supervisor');
        if (role !== 'admin' && role !== 'supervisor') throw new UsageError(`--role must be admin or supervisor, got "${role}"`);
        const sites = typeof flags.sites === 'string' ? flags.sites.split(',').map((x) => x.trim()).filter(Boolean) : [];
        const input = { email: need(flags, 'email', 'sue@example.com'), name: need(flags, 'name', '"Sue Smith"'), role: role as 'admin' | 'supervisor', sites };
        const password = await readSecretFromStdin();
        const u = await withDb((db) => createUser(db, { ...input, password }));
        print([`dashboard user ${u.email} (${u.role}${u.role === 'supervisor' ? `, sites ${u.sites.join(', ')}` : ''}) saved`]);
        return 0;
      }
      if (sub === 'list') {
        const users = await withDb(listUsers);
        if (users.length === 0) console.log('no dashboard users yet: npm run server -- user create --help');
        for (const u of users) console.log(`${u.email}  ${u.role}  ${u.role === 'admin' ? 'all sites' : u.sites.join(',')}${u.disabled ? '  DISABLED' : ''}  ${u.name}`);
        return 0;
      }
      if (sub === 'disable' || sub === 'enable') {
        const email = need(flags, 'email', 'sue@example.com');
        await withDb((db) => setUserDisabled(db, email, sub === 'disable'));
        console.log(`dashboard user ${email} ${sub}d${sub === 'disable' ? ': open sessions ended' : ''}`);
        return 0;
      }
      throw new UsageError('use: user create | user list | user disable --email E | user enable --email E');
    }
    case 'roster': {
      const file = command[2];
      if (sub !== 'import' || !file) throw new UsageError('use: roster import FILE.csv [--dry-run]');
      const dryRun = flags['dry-run'] === true;
      const r = await withDb((db) => importRoster(db, readFileSync(resolve(file), 'utf8'), { dryRun }));
      print([
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
    }
    case 'names': {
      if (sub === 'list') {
        const names = await withDb((db) => listDisplayNames(db));
        for (const n of names) console.log(`${n.kind}  ${n.siteId ? `${n.siteId}/` : ''}${n.id}  ${n.language}  ${n.name}`);
        return 0;
      }
      const file = command[2];
      if (sub !== 'import' || !file) throw new UsageError('use: names import FILE.csv | names list');
      const { names, errors } = parseDisplayNamesCsv(readFileSync(resolve(file), 'utf8'));
      if (errors.length > 0) {
        print([`Names NOT imported (nothing changed): ${errors.length} problem(s)`, ...errors.map((e) => `  ${e}`)]);
        return 1;
      }
      const r = await withDb((db) => setDisplayNames(db, names));
      console.log(`${r.saved} name(s) saved: terminals get them at their next sync`);
      return 0;
    }
    case 'staff-pin': {
      const employeeId = need(flags, 'employee', 'E100');
      if (sub === 'set') {
        if (flags.pin !== undefined) throw new UsageError('PINs are never taken from the command line (shell history): pipe it in with --pin-stdin');
        if (flags['pin-stdin'] !== true) throw new UsageError('add --pin-stdin and type or pipe the PIN (6-12 digits)');
        const pin = (await readSecretFromStdin(process.stdin, 'PIN: ')).trim();
        const r = await withDb((db) => setStaffPin(db, employeeId, pin));
        console.log(`staff PIN for ${r.employeeId} set: terminals of site ${r.siteId} get it at their next sync`);
        return 0;
      }
      if (sub === 'clear') {
        const r = await withDb((db) => clearStaffPin(db, employeeId));
        console.log(r.changed ? `staff PIN for ${r.employeeId} cleared: terminals of site ${r.siteId} refuse it after their next sync` : `${r.employeeId} had no staff PIN`);
        return 0;
      }
      throw new UsageError('use: staff-pin set --employee E --pin-stdin | staff-pin clear --employee E');
    }
    case 'requirements':
      return requirementsCommand(sub, command[2], flags);
    case 'export': {
      const out = resolve(need(flags, 'out', './export'));
      mkdirSync(out, { recursive: true });
      const r = await withDb((db) => exportAll(db, out));
      print([`exported ${r.statements} statements:`, ...r.files.map((f) => `    ${f}`)]);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${cmd}"; run with --help for the list`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (err: unknown) => {
      if (err instanceof UsageError) console.error(`error: ${err.message}\n\n${USAGE}`);
      else if (err instanceof HttpError) console.error(`error: ${err.message}`);
      else console.error(`error: ${err instanceof Error ? (process.env.DEBUG ? err.stack : err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
