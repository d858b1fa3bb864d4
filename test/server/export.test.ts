import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { createLrsKey } from '../../server/admin';
import { exportAll } from '../../server/export/export';
import { enroll, seedLessons, seedSite, seedWorkers, SERVER_URL, startTestServer, XAPI, type TestServer } from './helpers';

let s: TestServer;
let dir: string;
const ids: string[] = [];

beforeAll(async () => {
  s = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'shiftlearn-export-'));
  await seedSite(s, 'plant-2', ['press-line-4']);
  await seedWorkers(s, 'plant-2', Array.from({ length: 1203 }, (_, i) => `E${i}`));
  await seedLessons(s, ['lockout-tagout']);
  const t = await enroll(s, 'plant-2', 'press-line-4');
  const batch = Array.from({ length: 1203 }, (_, i) =>
    buildCompletionStatement(
      {
        id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
        employeeId: `E${i}`,
        workerName: 'W',
        lessonId: 'lockout-tagout',
        lessonVersion: 1,
        lessonTitle: 'Lockout',
        language: 'en',
        score: i === 0 ? 0.5 : null,
        passed: i === 0 ? true : null,
        durationMs: 90_500,
        completedAt: '2026-11-25T07:00:00Z',
      },
      { serverUrl: SERVER_URL, siteId: 'plant-2', stationId: 'press-line-4', terminalId: t.terminalId },
    ),
  );
  for (let i = 0; i < batch.length; i += 500) {
    const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI }, payload: batch.slice(i, i + 500) });
    expect(res.statusCode).toBe(200);
  }
  ids.push(...batch.map((b) => b.id!));
  // A statement from a reporting tool with a name that needs CSV quoting.
  const { key, secret } = await createLrsKey(s.db, 'tool', true);
  const odd = {
    id: '00000000-0000-4000-8000-ffffffffffff',
    actor: { account: { homePage: SERVER_URL, name: 'Smith, "J"\nline2' } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { id: 'https://elsewhere.example/course/1' },
  };
  // A name a spreadsheet would run as a formula if the CSV passed it on as it is.
  const formula = { ...odd, id: '00000000-0000-4000-8000-fffffffffffe', actor: { account: { homePage: SERVER_URL, name: '=HYPERLINK("http://evil.example","x")' } } };
  const res = await s.app.inject({
    method: 'POST',
    url: '/xapi/statements',
    headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, ...XAPI },
    payload: [odd, formula],
  });
  expect(res.statusCode).toBe(200);
  ids.push(odd.id, formula.id);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await s.close();
});

describe('export', () => {
  it('writes every statement once as JSONL and one CSV row per statement, leaving no temp files', async () => {
    const result = await exportAll(s.db, dir);
    expect(result.statements).toBe(ids.length);
    expect(readdirSync(dir).sort()).toEqual(['completions.csv', 'statements.jsonl']);

    const lines = readFileSync(join(dir, 'statements.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const exported = lines.map((l) => JSON.parse(l));
    expect(exported.map((x) => x.id)).toEqual(ids);
    expect(exported[0]).toMatchObject({ version: '1.0.3', result: { duration: 'PT1M30.5S' } });

    const csv = readFileSync(join(dir, 'completions.csv'), 'utf8');
    const rows = csv.split('\r\n');
    // A UTF-8 BOM first, so Excel on Windows reads the names as UTF-8.
    expect(rows[0]).toBe('\uFEFFworker,lesson,site,station,verb,score,success,duration,timestamp,counted_for,voided_by');
    expect(rows[1]).toBe('E0,lockout-tagout,plant-2,press-line-4,passed,0.5,true,PT1M30.5S,2026-11-25T07:00:00.000Z,E0,');
    expect(rows[2]).toBe('E1,lockout-tagout,plant-2,press-line-4,completed,,,PT1M30.5S,2026-11-25T07:00:00.000Z,E1,');
    // a reporting tool's statement is exported but counts for no one
    // one line ending throughout: the line break inside the name is CRLF too (RFC 4180)
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(csv).toMatch(/\r\n"Smith, ""J""\r\nline2",https:\/\/elsewhere\.example\/course\/1,,,completed,,,,[^,\r\n]+,,\r\n/);
    expect(csv).toContain('\r\n"\'=HYPERLINK(""http://evil.example"",""x"")",https://elsewhere.example/course/1,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('replaces an earlier export in place', async () => {
    await exportAll(s.db, dir);
    const first = readFileSync(join(dir, 'statements.jsonl'), 'utf8');
    await exportAll(s.db, dir);
    expect(readFileSync(join(dir, 'statements.jsonl'), 'utf8')).toBe(first);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('serves the same files to an admin over HTTP', async () => {
    const res = await s.app.inject({ url: '/api/v1/admin/export/completions.csv', headers: { authorization: `Bearer ${s.adminToken}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(readFileSync(join(dir, 'completions.csv'), 'utf8'));
    expect((await s.app.inject({ url: '/api/v1/admin/export/statements.jsonl' })).statusCode).toBe(401);
  });

  it('marks a voided completion: it counts for no one and names the statement that voided it', async () => {
    const voiding = {
      id: '00000000-0000-4000-8000-fffffffffffd',
      actor: { objectType: 'Agent', account: { homePage: SERVER_URL, name: 'E2' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
      object: { objectType: 'StatementRef', id: ids[2] },
    };
    const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { authorization: `Bearer ${s.adminToken}`, ...XAPI }, payload: voiding });
    expect(res.statusCode).toBe(200);
    await exportAll(s.db, dir);
    const rows = readFileSync(join(dir, 'completions.csv'), 'utf8').split('\r\n');
    expect(rows[3]).toBe(`E2,lockout-tagout,plant-2,press-line-4,completed,,,PT1M30.5S,2026-11-25T07:00:00.000Z,,${voiding.id}`);
    expect(rows[4]).toBe('E3,lockout-tagout,plant-2,press-line-4,completed,,,PT1M30.5S,2026-11-25T07:00:00.000Z,E3,');
    expect(rows.filter((r) => r.startsWith('E2,') && r.includes(',voided,'))).toHaveLength(1);
    // statements.jsonl keeps each statement as stored (xAPI has no field to mark one voided): the voiding statement is its last line.
    const jsonl = readFileSync(join(dir, 'statements.jsonl'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(jsonl[jsonl.length - 1])).toMatchObject({ id: voiding.id, object: { id: ids[2] } });
  });
});
