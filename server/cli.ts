import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deferredDb, openDb, type Db, type DbOptions } from './db/db';
import { migrate } from './db/migrate';
import { HttpError } from './errors';
import { parseDuration } from './secrets';
import type { AdminClient } from './cli/admin-client';
import { UsageError, type Flags } from './cli/usage';

const USAGE = `Shiftlearn server

Usage: npm run server -- <command> [options]

  serve [--port 8080] [--host 0.0.0.0] [--public-url URL] [--max-clock-skew 5m]
                                                            run the server (the default command)
  migrate                                                   apply database migrations and exit
Every other command works while the server runs: it goes to the server over HTTP (the one on this
embedded database by itself, or --server URL), else straight to the database.

  create-site --id plant-2 --name "Plant 2"                 create a site (an existing id is renamed)
  create-station --site plant-2 --id press-line-4 --name "Press line 4"
  sites                                                     list sites and their stations
  enroll --site plant-2 --station press-line-4 [--expires 24h]   print a one-time enrollment code
  enroll list | enroll revoke --id ID                       codes (never shown again) with their state
  terminals                                                 list enrolled terminals
  revoke --terminal <terminal id>                           cut a terminal off at once
  admin-token create [--label NAME]                         print a new admin token (shown once)
  lrs-key create [--label NAME] [--write]                   print a key/secret for xAPI reporting tools
                                                            (read-only unless --write)
  lrs-key list | lrs-key revoke --key K
  export --out DIR                                          write statements.jsonl and completions.csv
  summaries rebuild                                         recompute the dashboard summaries from the statements
  user create --email E --name N --role admin|supervisor [--sites a,b] --password-stdin
                                                            dashboard user (password read from stdin, never argv)
  user list | user disable --email E | user enable --email E
  user set --email E [--role R] [--sites a,b] [--name N]    change role or site scope (ends open sessions)
  user reset-password --email E --password-stdin
  roster import FILE.csv [--dry-run]                        import the HR roster (all or nothing; see
                                                            common/contracts/roster-import.ts for the columns)
  names import FILE.csv                                     role, station and skill names per language
                                                            (columns kind,site,id,language,name)
  names list
  staff-pin set --employee E --pin-stdin                    a supervisor's or site-IT worker's terminal PIN
                                                            (6-12 digits, read from stdin, never argv)
  staff-pin clear --employee E                              remove it (terminals refuse it at next sync)
  requirements list                                         what each role and station requires, as CSV
  requirements set --role R --lessons a,b [--skills s]      replace what a role requires (lessons in step order)
  requirements set --site S --station T --lessons a,b       replace what a station requires (no --lessons: none)
    ... [--recert-days N] [--effective-from YYYY-MM-DD]     completions count N days (overrides the lessons'
                                                            own interval); required from that date, "due by" before
  requirements import FILE.csv                              set every row of the file (columns as printed by list:
                                                            role,site,station,lessons,skills,recert_days,effective_from)
  settings list                                             server settings an admin changes at run time
  settings set --supervisors-edit-station-requirements on|off
                                                            let supervisors set their own sites' station requirements
  serve ... --log-file PATH                                 JSON logs to PATH, rotated daily and at 50 MB

  ... --server URL --token-file FILE                        send the command to that server; the admin token
                                                            from FILE (- = stdin) or SHIFTLEARN_ADMIN_TOKEN

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
  SHIFTLEARN_SERVER_URL   like --server
  SHIFTLEARN_ADMIN_TOKEN  the admin token for --server
  LOG_LEVEL               pino level (default info)
`;

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
  'recert-days': { type: 'string' },
  'effective-from': { type: 'string' },
  'supervisors-edit-station-requirements': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'pin-stdin': { type: 'boolean' },
  key: { type: 'string' },
  server: { type: 'string' },
  'token-file': { type: 'string' },
  // Accepted only to refuse them with the reason: secrets never come from argv (shell history).
  password: { type: 'string' },
  pin: { type: 'string' },
  token: { type: 'string' },
} as const;

function parseCliArgs(argv: string[]): { command: string[]; flags: Flags } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { command: positionals, flags: values };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function dbOptions(pgliteThread = false): DbOptions {
  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: dataDir(),
    schema: process.env.SHIFTLEARN_DB_SCHEMA || undefined,
    pgliteThread,
  };
}

async function open(options = dbOptions()): Promise<Db> {
  const db = await openDb(options);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/**
 * While serve holds the embedded database, admin commands on this machine go to it over HTTP: it
 * leaves its local URL and an admin token (revoked when it stops, or by the next serve after a crash)
 * in the data dir, readable only by its owner.
 */
async function offerLocalCli(db: Db, host: string, port: number): Promise<{ withdraw(): Promise<void> }> {
  const [{ createAdminToken }, { LOCAL_CLI_TOKEN_LABEL, writeLocalServer }] = await Promise.all([import('./admin'), import('./cli/local-server')]);
  await db.query('UPDATE admin_tokens SET revoked_at = now() WHERE label = $1 AND revoked_at IS NULL', [LOCAL_CLI_TOKEN_LABEL]);
  const { id, token } = await createAdminToken(db, LOCAL_CLI_TOKEN_LABEL);
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const remove = writeLocalServer(dataDir(), { pid: process.pid, url: `http://${local}:${port}`, token });
  return {
    async withdraw() {
      remove();
      await db.query('UPDATE admin_tokens SET revoked_at = now() WHERE id = $1', [id]);
    },
  };
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
  // The database opens and migrates (PGlite in a worker thread) while this thread loads Fastify and
  // the routes (loaded here, not at the top: only serving needs them) and builds the app on it, so the
  // second-long jobs overlap. It listens once both are done; the app's own first query (the issuer
  // key, when it gets ready) waits for the database.
  const options = dbOptions(true);
  const opening = open(options);
  const logFile = typeof flags['log-file'] === 'string' ? resolve(flags['log-file']) : null;
  const building = (async () => {
    const [{ buildApp, loggerOptions }, { loadCredentialKey }] = await Promise.all([import('./app'), import('./credentials/key-file')]);
    let credentialKey: Buffer;
    try {
      credentialKey = loadCredentialKey(process.env, join(dirname(dataDir()), 'credential.key')).key;
    } catch (err) {
      throw new UsageError(`credential key: ${(err as Error).message}`);
    }
    const logger = loggerOptions(process.env.LOG_LEVEL ?? 'info', logFile);
    return buildApp({ db: deferredDb(options, opening), serverUrl, maxClockSkewMs, credentialKey, issuerName: process.env.SHIFTLEARN_ISSUER_NAME || undefined, logger });
  })();
  // A start that fails (bad log file, database in use, port taken) still closes what did open: PGlite
  // flushes and frees its data directory. The database's error first, as when it was opened first.
  const [built, opened] = await Promise.allSettled([building, opening]);
  if (built.status === 'rejected' || opened.status === 'rejected') {
    if (built.status === 'fulfilled') await built.value.close();
    if (opened.status === 'fulfilled') await opened.value.close();
    throw opened.status === 'rejected' ? opened.reason : (built as PromiseRejectedResult).reason;
  }
  const app = built.value;
  const db = opened.value;

  let localCli: { withdraw(): Promise<void> } | null = null;
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
      await localCli?.withdraw();
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
  if (db.kind === 'pglite') localCli = await offerLocalCli(db, host, (app.server.address() as AddressInfo).port);
  const { LOCAL_CLI_TOKEN_LABEL } = await import('./cli/local-server');
  const tokens = await db.query('SELECT 1 FROM admin_tokens WHERE revoked_at IS NULL AND label <> $1 LIMIT 1', [LOCAL_CLI_TOKEN_LABEL]);
  app.log.info({ database: db.kind, serverUrl }, 'Shiftlearn server ready');
  const dashboardUrl = `${port === 0 ? `http://localhost:${(app.server.address() as AddressInfo).port}` : serverUrl.replace(/\/$/, '')}/dashboard/`;
  const reach = host === '0.0.0.0' || host === '::' ? 'every network interface; --host 127.0.0.1 keeps it on this machine' : host;
  app.log.info({ dashboardUrl, host }, `dashboard at ${dashboardUrl} (listening on ${reach})`);
  const { anyActiveUser } = await import('./dashboard/users');
  const { FIRST_ADMIN_COMMAND } = await import('../common/contracts/dashboard');
  if (!(await anyActiveUser(db))) app.log.warn(`nobody can sign in to the dashboard yet: create the first admin with  ${FIRST_ADMIN_COMMAND}`);
  if (tokens.rowCount === 0) app.log.warn('no admin token exists yet: create one with  npm run server -- admin-token create');
}

function dataDir(): string {
  return resolve(process.env.SHIFTLEARN_DATA_DIR ?? '.data/server-db');
}

/** The admin token for --server: from a file (`-` = stdin) or SHIFTLEARN_ADMIN_TOKEN, never from argv. */
async function adminToken(flags: Flags): Promise<string> {
  const file = flags['token-file'];
  if (flags.token !== undefined) throw new UsageError('tokens are never taken from the command line (shell history): use --token-file FILE (or - for stdin) or SHIFTLEARN_ADMIN_TOKEN');
  if (file === '-') {
    if (flags['password-stdin'] || flags['pin-stdin']) throw new UsageError('stdin carries the password or PIN: give the token with --token-file FILE instead of -');
    const { readSecretFromStdin } = await import('./dashboard/read-secret');
    return (await readSecretFromStdin(process.stdin, 'Admin token: ')).trim();
  }
  if (typeof file === 'string') return readFileSync(resolve(file), 'utf8').trim();
  const env = process.env.SHIFTLEARN_ADMIN_TOKEN;
  if (env) return env.trim();
  throw new UsageError('--server needs an admin token: --token-file FILE (or - to read it from stdin), or SHIFTLEARN_ADMIN_TOKEN');
}

/**
 * Where admin commands go: --server URL (or SHIFTLEARN_SERVER_URL) over HTTP; else the server
 * running on this embedded database (its serve.json); else the admin routes in this process over
 * the database (PostgreSQL, or PGlite while no server holds it).
 */
async function adminClient(flags: Flags): Promise<AdminClient> {
  const [{ httpClient, inProcessClient }, { readLocalServer }] = await Promise.all([import('./cli/admin-client'), import('./cli/local-server')]);
  const url = typeof flags.server === 'string' ? flags.server : process.env.SHIFTLEARN_SERVER_URL;
  if (url) return httpClient(url, await adminToken(flags));
  if (!process.env.DATABASE_URL) {
    const local = readLocalServer(dataDir());
    if (local) return httpClient(local.url, local.token);
  }
  const db = await open();
  try {
    return await inProcessClient(db, process.env.SHIFTLEARN_PUBLIC_URL ?? 'http://localhost:8080');
  } catch (err) {
    await db.close();
    throw err;
  }
}

export async function main(argv: string[]): Promise<number> {
  const { command, flags } = parseCliArgs(argv);
  const [cmd = 'serve', ...args] = command;
  if (flags.help || cmd === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (cmd === 'serve') {
    await serve(flags);
    return -1;
  }
  if (cmd === 'migrate') {
    await (await open()).close();
    console.log('migrations applied');
    return 0;
  }
  // Loaded here, not at the top: serve starts its database before loading anything it can do without.
  const [{ ADMIN_COMMANDS }, { readSecretFromStdin }] = await Promise.all([import('./cli/admin-commands'), import('./dashboard/read-secret')]);
  const run = ADMIN_COMMANDS[cmd];
  if (!run) throw new UsageError(`unknown command "${cmd}"; run with --help for the list`);
  const client = await adminClient(flags);
  try {
    if (client.db === null) console.error(`(via ${client.via})`);
    return await run({ client, flags, args, readSecret: (prompt) => readSecretFromStdin(process.stdin, prompt), out: (line) => console.log(line) });
  } finally {
    await client.close();
    await client.db?.close();
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
