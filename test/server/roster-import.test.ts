import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterImportSummary } from '../../common/contracts/roster-import';
import { parseCsv } from '../../server/roster/csv-parse';
import { readRoster } from '../../server/roster/plan';
import { enroll, seedLessons, seedSite, startTestServer, type EnrolledTerminal, type TestServer } from './helpers';

let s: TestServer;
let terminal: EnrolledTerminal;

const HEADER = 'badge_id,employee_id,name,language,site,roles,stations,supervisor';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

const GOOD = csv(
  '04A1B2C3D4,E100,Ana López,es-MX,plant-1,operator;forklift,press;dock,no',
  '04A1B2C3D5,E101,"Smith, Bob",en,plant-1,operator,press,yes',
  '04A1B2C3D6,E101,"Smith, Bob",en,plant-1,operator,press,yes',
  '04A1B2C3D7,E102,Chen Li,en,plant-1,,dock,0',
);

async function importCsv(body: string, dryRun = false) {
  const res = await s.app.inject({
    method: 'POST',
    url: `/api/v1/admin/roster/import${dryRun ? '?dryRun=true' : ''}`,
    headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'text/csv' },
    payload: body,
  });
  return { status: res.statusCode, body: rosterImportSummary.parse(res.json()) };
}

async function snapshot() {
  const w = await s.db.query('SELECT employee_id, site_id, display_name, language, roles, stations, supervisor, active, deleted, change_seq FROM workers ORDER BY employee_id');
  const b = await s.db.query('SELECT badge_id, employee_id, deleted, change_seq FROM badges ORDER BY badge_id');
  return JSON.stringify([w.rows, b.rows]);
}

async function pull(cursor: number) {
  const res = await s.app.inject({ url: `/api/v1/sync/pull?cursor=${cursor}`, headers: terminal.headers });
  return res.json() as { changes: Array<{ kind: string; op: string; data: any; seq: number }>; nextCursor: number };
}

beforeAll(async () => {
  s = await startTestServer();
  await seedSite(s, 'plant-1', ['press', 'dock']);
  await seedSite(s, 'plant-9', ['line']);
  terminal = await enroll(s, 'plant-1', 'press');
  await seedLessons(s, ['lockout', 'press-basics', 'line-basics']);
});
afterAll(async () => s?.close());

describe('reading the file', () => {
  it('names the row, the column and the fix for each bad cell', () => {
    const { rows, errors } = readRoster(
      csv(
        '04A1B2,E1,Ana,en,plant-1,,press,no',
        '04A1B3,E2,Bob,en,plant-1,,press,maybe',
        ',E3,Cid,english,plant-1,,press,no',
        '04A1B2,E4,Dan,en,plant-1,,press,no',
        '05B2C3,E1,Ana Other,en,plant-1,,press,no',
        'only,three,cells',
      ),
    );
    expect(rows.map((r) => r.employee_id)).toEqual(['E1']);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'supervisor'],
      [4, 'badge_id'],
      [4, 'language'],
      [5, 'badge_id'],
      [6, 'name'],
      [7, ''],
    ]);
    expect(errors[0].message).toContain('true, false, yes, no, 1, 0');
    expect(errors[2].message).toContain('es-MX');
    // A duplicate badge is named by its last digits only (badge ids are credentials).
    expect(errors[3].message).toContain('badge …B2 ');
    expect(errors[3].message).not.toContain('A1B2');
    expect(errors[3].message).toContain('row 2');
    expect(errors[5].message).toContain('quote any cell that contains a comma');
  });

  it('reads RFC 4180 as spreadsheets write it: BOM, quoted commas, doubled quotes, line breaks in quotes, LF or CRLF', () => {
    const records = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n\nlast,1');
    expect(records).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x, y', 'say "hi"'] },
      { row: 3, cells: ['two\nlines', 'z'] },
      { row: 6, cells: ['last', '1'] },
    ]);
  });

  it('reports an unterminated quote with its row', () => {
    const { rows, errors } = readRoster(csv('04A1,E1,Ana,en,plant-1,,press,no', '"unterminated,E9,X,en,plant-1,,,no'));
    expect(rows).toHaveLength(0);
    expect(errors).toEqual([{ row: 3, column: '', message: expect.stringContaining('closing "') }]);
  });

  it('refuses a file without the header columns', () => {
    const { errors } = readRoster('badge,employee\r\n1,2\r\n');
    expect(errors[0]).toMatchObject({ row: 1 });
    expect(errors[0].message).toContain('badge_id,employee_id,name,language,site,roles,stations,supervisor');
  });
});

describe('import', () => {
  it('dry run reports what would change and changes nothing', async () => {
    const before = await snapshot();
    const r = await importCsv(GOOD, true);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dryRun: true, applied: false, sites: ['plant-1'], added: 3, changed: 0, deactivated: 0, badges: { added: 4, moved: 0, withdrawn: 0 }, errors: [] });
    expect(await snapshot()).toBe(before);
  });

  it('applies good rows: workers with roles, stations, supervisor flag and badges', async () => {
    const r = await importCsv(GOOD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ applied: true, added: 3, changed: 0, deactivated: 0, unchanged: 0, badges: { added: 4, moved: 0, withdrawn: 0 } });
    const w = await s.db.query<{ employee_id: string; display_name: string; roles: string[]; stations: string[]; supervisor: boolean; language: string }>(
      'SELECT employee_id, display_name, roles, stations, supervisor, language FROM workers ORDER BY employee_id',
    );
    expect(w.rows).toEqual([
      { employee_id: 'E100', display_name: 'Ana López', roles: ['forklift', 'operator'], stations: ['dock', 'press'], supervisor: false, language: 'es-MX' },
      { employee_id: 'E101', display_name: 'Smith, Bob', roles: ['operator'], stations: ['press'], supervisor: true, language: 'en' },
      { employee_id: 'E102', display_name: 'Chen Li', roles: [], stations: ['dock'], supervisor: false, language: 'en' },
    ]);
    const again = await importCsv(GOOD);
    expect(again.body).toMatchObject({ added: 0, changed: 0, unchanged: 3, badges: { added: 0, moved: 0, withdrawn: 0 } });
  });

  it('a failed apply (one bad row among good ones) changes nothing and says why', async () => {
    const before = await snapshot();
    const r = await importCsv(
      csv(
        '04A1B2C3D4,E100,Ana Renamed,es-MX,plant-1,operator,press,no',
        '04A1B2C3D9,E200,New Person,en,plant-1,,welding-bay,no',
        '0BADGE0001,E201,Elsewhere,en,plant-404,,,no',
      ),
    );
    expect(r.status).toBe(422);
    expect(r.body.applied).toBe(false);
    expect(r.body.errors).toEqual([
      { row: 3, column: 'stations', message: expect.stringContaining('create-station --site plant-1') },
      { row: 4, column: 'site', message: expect.stringContaining('create-site --id plant-404') },
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('workers missing from the file are deactivated, not deleted, and their badges withdrawn; a moved badge reaches the terminal at next pull', async () => {
    const cursor = (await pull(0)).nextCursor;
    // E102 left; E101's second badge was handed to new hire E103.
    const r = await importCsv(
      csv(
        '04A1B2C3D4,E100,Ana López,es-MX,plant-1,operator;forklift,press;dock,no',
        '04A1B2C3D5,E101,"Smith, Bob",en,plant-1,operator,press,yes',
        '04A1B2C3D6,E103,Dee New,en,plant-1,operator,press,false',
      ),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ applied: true, added: 1, changed: 0, deactivated: 1, unchanged: 2, badges: { added: 0, moved: 1, withdrawn: 1 } });
    const e102 = await s.db.query<{ active: boolean; deleted: boolean }>('SELECT active, deleted FROM workers WHERE employee_id = $1', ['E102']);
    expect(e102.rows[0]).toEqual({ active: false, deleted: false });

    const changes = (await pull(cursor)).changes;
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'badge', op: 'upsert', data: { badgeId: '04A1B2C3D6', employeeId: 'E103' } }));
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'badge', op: 'delete', data: { id: '04A1B2C3D7' } }));
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'worker', op: 'upsert', data: expect.objectContaining({ employeeId: 'E102', active: false }) }));
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'worker', op: 'upsert', data: expect.objectContaining({ employeeId: 'E103', supervisor: false }) }));
    // Only what changed travels: unchanged workers are not in the pull.
    expect(changes.some((c) => c.kind === 'worker' && c.data.employeeId === 'E100')).toBe(false);
  });

  it('another site in the database is untouched by an import of plant-9', async () => {
    const r = await importCsv(csv('09X0000001,E900,Nine,en,plant-9,,line,no'));
    expect(r.body).toMatchObject({ applied: true, sites: ['plant-9'], added: 1, deactivated: 0 });
    const active = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workers WHERE site_id = 'plant-1' AND active`);
    expect(active.rows[0].n).toBe(3);
  });

  it('refuses a body that is not CSV text', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/admin/roster/import', headers: { authorization: `Bearer ${s.adminToken}` }, payload: { rows: [] } });
    expect(res.statusCode).toBe(415);
    const anon = await s.app.inject({ method: 'POST', url: '/api/v1/admin/roster/import', headers: { 'content-type': 'text/csv' }, payload: GOOD });
    expect(anon.statusCode).toBe(401);
  });
});

describe('requirements reach terminals', () => {
  it('role and station requirements are pulled; a removed one arrives with empty lists', async () => {
    const cursor = (await pull(0)).nextCursor;
    const set = await s.admin('PUT', '/api/v1/admin/requirements', {
      roles: [{ role: 'operator', lessons: ['lockout'], skills: ['guarding'] }],
      stations: [
        { siteId: 'plant-1', stationId: 'press', lessons: ['press-basics'], recertDays: 30, effectiveFrom: '2027-01-04' },
        { siteId: 'plant-9', stationId: 'line', lessons: ['line-basics'] },
      ],
    });
    expect(set.status).toBe(200);
    let changes = (await pull(cursor)).changes;
    expect(changes.map((c) => [c.kind, c.data])).toEqual([
      ['role-requirement', { role: 'operator', lessons: ['lockout'], skills: ['guarding'], recertDays: null, effectiveFrom: null }],
      ['station-requirement', { siteId: 'plant-1', stationId: 'press', lessons: ['press-basics'], skills: [], recertDays: 30, effectiveFrom: '2027-01-04' }],
    ]);
    const next = (await pull(cursor)).nextCursor;
    await s.admin('PUT', '/api/v1/admin/requirements', { roles: [{ role: 'operator', lessons: [], skills: [] }] });
    changes = (await pull(next)).changes;
    expect(changes.map((c) => [c.kind, c.op, c.data])).toEqual([['role-requirement', 'upsert', { role: 'operator', lessons: [], skills: [], recertDays: null, effectiveFrom: null }]]);
    const bad = await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'plant-1', stationId: 'nowhere', lessons: ['lockout'] }] });
    expect(bad.status).toBe(404);
  });
});
