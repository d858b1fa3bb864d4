import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import { requirementsFor } from '../../common/paths/requirements';
import { indexHistory, lessonStanding, lessonStatus, type LessonStanding } from '../../common/paths/status';
import type { CatalogLesson, Requirements } from '../../common/paths/types';
import { credentialState, type CredentialState } from '../../common/credentials/credential-state';
import type { CompletionRow } from './completions';
import type { StoredCredential } from './credential-store';

export const auditReportQuery = z
  .object({
    site: slugId.optional(),
    station: slugId.optional(),
    role: z.string().min(1).max(100).optional(),
    employeeId: z.string().min(1).max(100).optional().describe("one worker's whole training record"),
    from: z.iso.date().optional().describe('first day (UTC) of completions listed, YYYY-MM-DD'),
    to: z.iso.date().optional().describe('last day (UTC) of completions listed, YYYY-MM-DD'),
    format: z.enum(['json', 'csv', 'pdf']).default('json'),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from is after to: swap them' });
export type AuditReportQuery = z.infer<typeof auditReportQuery>;

export interface AuditWorker {
  employeeId: string;
  name: string;
  siteId: string;
  roles: string[];
  stations: string[];
}

export interface AuditCompletion {
  timestamp: string;
  employeeId: string;
  workerName: string;
  lessonId: string;
  lessonTitle: string;
  lessonVersion: number;
  contentHash: string | null;
  score: number | null;
  passed: boolean | null;
  /** This completion's attempt number at the lesson (1 = first), counted over the worker's whole history. */
  attempt: number;
  siteId: string | null;
  stationId: string | null;
  terminalId: string | null;
  /** The worker's certifications that include this lesson, with their state now ("press-operator: valid until 2027-11-24"). */
  certificationStatus: string;
  statementId: string;
}

export interface AuditOutstanding {
  employeeId: string;
  workerName: string;
  lessonId: string;
  lessonTitle: string;
  standing: Exclude<LessonStanding, 'done'>;
  /** When the last pass expired or expires (recurring lessons), else null. */
  dueAt: string | null;
  requiredBy: string;
}

export interface AuditReport {
  title: string;
  /** The query in words, as the report states it. */
  query: string;
  generatedAt: string;
  /** Workers the query covered. */
  workerCount: number;
  completions: AuditCompletion[];
  outstanding: AuditOutstanding[];
}

export interface AuditInput {
  query: Omit<AuditReportQuery, 'format'>;
  /** Sites the query covered (after the user's scope). */
  siteIds: string[];
  workers: AuditWorker[];
  /** Every trusted completion of these workers, all time (attempts are counted over it). */
  completions: CompletionRow[];
  catalog: CatalogLesson[];
  /** What each site's roles and stations require (station ids are per site). */
  requirementsOf(siteId: string): Requirements;
  certifications: Array<{ id: string; name: string; lessons: string[] }>;
  credentials: StoredCredential[];
  lessonTitle(lessonId: string): string;
  contentHash(lessonId: string, version: number): string | null;
  now: Date;
}

const day = (iso: string | null) => (iso === null ? '' : iso.slice(0, 10));

export function describeQuery(q: AuditInput['query'], siteIds: string[]): string {
  const parts = [
    q.employeeId !== undefined ? `worker ${q.employeeId}` : null,
    `site ${siteIds.join(', ') || '(none)'}`,
    q.station !== undefined ? `station ${q.station}` : null,
    q.role !== undefined ? `role ${q.role}` : null,
    `completions ${q.from ?? 'from the start'} to ${q.to ?? 'today'}`,
  ];
  return parts.filter((p) => p !== null).join('; ');
}

function certificationText(state: CredentialState | 'none', c: StoredCredential | undefined): string {
  if (!c || state === 'none') return 'not held';
  if (state === 'revoked') return `revoked ${day(c.revokedAt)}`;
  if (state === 'expired') return `expired ${day(c.validUntil)}`;
  return c.validUntil === null ? state : `${state} until ${day(c.validUntil)}`;
}

/**
 * The audit report: every completion in range with what an auditor asks (which version of the
 * material, result, attempt, where, and the certification it feeds), and every required lesson
 * a worker in scope has not done or let lapse. Pure: the clock and the data are arguments.
 */
export function buildAuditReport(input: AuditInput): AuditReport {
  const now = input.now;
  const byWorker = new Map(input.workers.map((w) => [w.employeeId, w]));
  const fromIso = input.query.from ? `${input.query.from}T00:00:00.000Z` : null;
  const toIso = input.query.to ? new Date(Date.parse(`${input.query.to}T00:00:00.000Z`) + 86_400_000).toISOString() : null;

  // The newest credential per worker and certification, revoked or not (the report shows a revocation).
  const latestCredential = new Map<string, StoredCredential>();
  for (const c of input.credentials) {
    const key = `${c.employeeId}\u0000${c.certificationId}`;
    const before = latestCredential.get(key);
    if (!before || c.validFrom > before.validFrom || (c.validFrom === before.validFrom && c.issuedAt > before.issuedAt)) latestCredential.set(key, c);
  }
  const certStatus = (employeeId: string, lessonId: string) =>
    input.certifications
      .filter((cert) => cert.lessons.includes(lessonId))
      .map((cert) => {
        const c = latestCredential.get(`${employeeId}\u0000${cert.id}`);
        return `${cert.name}: ${certificationText(c ? credentialState({ validUntil: c.validUntil, revoked: c.revokedAt !== null }, now) : 'none', c)}`;
      })
      .join('; ');

  const attempts = new Map<string, number>();
  const completions: AuditCompletion[] = [];
  for (const c of input.completions) {
    const worker = byWorker.get(c.employeeId);
    if (!worker) continue;
    const key = `${c.employeeId}\u0000${c.lessonId}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    if ((fromIso !== null && c.completedAt < fromIso) || (toIso !== null && c.completedAt >= toIso)) continue;
    completions.push({
      timestamp: c.completedAt,
      employeeId: c.employeeId,
      workerName: worker.name,
      lessonId: c.lessonId,
      lessonTitle: c.title ?? input.lessonTitle(c.lessonId),
      lessonVersion: c.version,
      contentHash: input.contentHash(c.lessonId, c.version),
      score: c.score,
      passed: c.passed,
      attempt,
      siteId: c.siteId,
      stationId: c.stationId,
      terminalId: c.terminalId,
      certificationStatus: certStatus(c.employeeId, c.lessonId),
      statementId: c.statementId,
    });
  }

  const catalog = new Map(input.catalog.map((l) => [l.id, l]));
  const history = new Map<string, CompletionRow[]>();
  for (const c of input.completions) (history.get(c.employeeId) ?? history.set(c.employeeId, []).get(c.employeeId)!).push(c);
  const outstanding: AuditOutstanding[] = [];
  for (const w of input.workers) {
    const records = indexHistory((history.get(w.employeeId) ?? []).filter((c) => c.completedAt <= now.toISOString()));
    const required = requirementsFor({ id: w.employeeId, roles: w.roles, stations: w.stations, language: 'en' }, input.requirementsOf(w.siteId), null);
    for (const [lessonId, by] of [...required.lessons].sort(([a], [b]) => a.localeCompare(b))) {
      const lesson = catalog.get(lessonId);
      if (!lesson) continue;
      const record = records.get(lessonId);
      const status = lessonStatus(lesson, record, now.getTime(), 30);
      const standing = lessonStanding(status.status, record);
      if (standing === 'done') continue;
      outstanding.push({
        employeeId: w.employeeId,
        workerName: w.name,
        lessonId,
        lessonTitle: input.lessonTitle(lessonId),
        standing,
        dueAt: status.expiresAt === null ? null : new Date(status.expiresAt).toISOString(),
        requiredBy: [...by.stations.map((s) => `station ${s}`), ...by.roles.map((r) => `role ${r}`)].join(', '),
      });
    }
  }
  const title = input.query.employeeId !== undefined ? `Training record of ${input.workers[0]?.name ?? input.query.employeeId}` : 'Training audit report';
  return { title, query: describeQuery(input.query, input.siteIds), generatedAt: now.toISOString(), workerCount: input.workers.length, completions, outstanding };
}
