import { randomUUID } from 'node:crypto';
import type { Lesson } from '../../common/contracts/lesson';
import { buildCompletionStatement } from '../../common/xapi/completion';
import { enroll, seedSite, SERVER_URL, XAPI, type EnrolledTerminal, type TestServer } from './helpers';

export const DAY = 86_400_000;

function lesson(id: string, title: string): Lesson {
  return { id, version: 2, language: 'en', title, summary: '', durationMinutes: 3, skills: [], roles: [], stations: [], prerequisites: [], recertifyAfterDays: 365, tags: [], cards: [{ kind: 'text', id: 'c1', markdown: 'x' }] };
}

/**
 * Site "plant" with station "press", which requires lockout and press-basics; the certification
 * "press-operator" is that requirement, valid 365 days. Workers: one with a Vietnamese name, one
 * Cyrillic, one Latin. Returns the press terminal.
 */
export async function seedCertification(s: TestServer): Promise<EnrolledTerminal> {
  await seedSite(s, 'plant', ['press', 'dock']);
  const lessons = [lesson('lockout', 'Lockout/tagout'), lesson('press-basics', 'Press basics')];
  const put = await s.admin('PUT', '/api/v1/admin/lessons', { lessons: lessons.map((l) => ({ siteId: null, lesson: l })) });
  if (put.status !== 200) throw new Error(`lessons: ${JSON.stringify(put.body)}`);
  const reqs = await s.admin('PUT', '/api/v1/admin/requirements', { stations: [{ siteId: 'plant', stationId: 'press', lessons: ['lockout', 'press-basics'] }] });
  if (reqs.status !== 200) throw new Error(`requirements: ${JSON.stringify(reqs.body)}`);
  const workers = await s.admin('PUT', '/api/v1/admin/workers', {
    workers: [
      { employeeId: 'E1', displayName: 'Nguyễn Thị Minh', language: 'en', siteId: 'plant', stations: ['press'], roles: ['press operator'] },
      { employeeId: 'E2', displayName: 'Иван Петров', language: 'en', siteId: 'plant', stations: ['press'], roles: ['press operator'] },
      { employeeId: 'E3', displayName: 'Sam Patel', language: 'en', siteId: 'plant', stations: ['dock'], roles: ['material handler'] },
    ],
  });
  if (workers.status !== 200) throw new Error(`workers: ${JSON.stringify(workers.body)}`);
  const cert = await s.admin('PUT', '/api/v1/admin/certifications', {
    id: 'press-operator',
    name: 'Press operator',
    description: 'Safe operation of the presses at Plant.',
    requirement: { siteId: 'plant', stationId: 'press' },
    validityDays: 365,
  });
  if (cert.status !== 200) throw new Error(`certification: ${JSON.stringify(cert.body)}`);
  return enroll(s, 'plant', 'press');
}

/** A terminal uploads one completion, dated now on the test clock unless `at` says otherwise. */
export async function complete(s: TestServer, t: EnrolledTerminal, employeeId: string, lessonId: string, opts: { passed?: boolean; at?: Date; score?: number } = {}): Promise<string> {
  const statement = buildCompletionStatement(
    {
      id: randomUUID(),
      employeeId,
      workerName: employeeId,
      lessonId,
      lessonVersion: 2,
      lessonTitle: lessonId === 'lockout' ? 'Lockout/tagout' : 'Press basics',
      language: 'en',
      score: opts.score ?? 1,
      passed: opts.passed ?? true,
      durationMs: 120_000,
      completedAt: (opts.at ?? s.clock.now).toISOString(),
    },
    { serverUrl: SERVER_URL, siteId: 'plant', stationId: 'press', terminalId: t.terminalId },
  );
  const res = await s.app.inject({ method: 'POST', url: '/xapi/statements', headers: { ...t.headers, ...XAPI }, payload: statement });
  if (res.statusCode !== 200) throw new Error(`statement: ${res.statusCode} ${res.body}`);
  return statement.id!;
}

export async function credentialsOf(s: TestServer, employeeId: string): Promise<Array<{ id: string; validFrom: string; validUntil: string | null; revokedAt: string | null; certificationId: string }>> {
  const r = await s.admin('GET', `/api/v1/admin/credentials?employeeId=${employeeId}`);
  if (r.status !== 200) throw new Error(`credentials: ${JSON.stringify(r.body)}`);
  return r.body.credentials;
}
