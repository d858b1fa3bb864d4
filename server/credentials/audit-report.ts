import { z } from 'zod';
import { slugId } from '../../common/contracts/sync';
import { indexHistory, type LessonRecord, type LessonStanding } from '../../common/paths/status';
import { credentialState, type CredentialState } from '../../common/credentials/credential-state';
import type { SiteInputs } from '../summaries/inputs';
import { summariseWorkers, type RequirementStateRow } from '../summaries/refresh';
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
  /** false: no longer on the roster's active list (left, or deactivated by an HR import). */
  active: boolean;
}

export interface AuditCompletion {
  timestamp: string;
  employeeId: string;
  workerName: string;
  /** false: the worker is inactive now; the completion stays in the record they had while working. */
  workerActive: boolean;
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
  /** When the lesson is due, as the dashboard shows it: the last pass's expiry (its requirement's interval, else the lesson's), or the effective date a lesson not done is due by; else null. */
  dueAt: string | null;
  requiredBy: string;
}

export interface AuditReport {
  title: string;
  /** The query in words, as the report states it. */
  query: string;
  generatedAt: string;
  /** Workers the query covered, inactive ones included. */
  workerCount: number;
  /** Of those, the inactive: their completions are listed (marked), but no lesson is outstanding for them. */
  inactiveWorkerCount: number;
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
  /**
   * Each site's catalog and requirements with their terms, as the dashboard's summaries read them
   * (summaries/inputs.ts): the report's outstanding lessons go through the same summariseWorkers.
   */
  inputsOf(siteId: string): SiteInputs;
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
      workerActive: worker.active,
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

  // Status is decided where the dashboard decides it (summariseWorkers, i.e. the engine's skill
  // matrix with each requirement's recertDays and effectiveFrom), so the two cannot disagree.
  // For active workers only, as on the dashboard: nothing is due from someone who no longer works
  // here, while what they completed stays in the record above, marked inactive.
  const active = input.workers.filter((w) => w.active);
  const history = new Map<string, CompletionRow[]>();
  for (const c of input.completions) (history.get(c.employeeId) ?? history.set(c.employeeId, []).get(c.employeeId)!).push(c);
  const records: Record<string, ReadonlyMap<string, LessonRecord>> = {};
  for (const w of active) records[w.employeeId] = indexHistory((history.get(w.employeeId) ?? []).filter((c) => c.completedAt <= now.toISOString()));
  const order = new Map(input.workers.map((w, i) => [w.employeeId, i]));
  const rows: RequirementStateRow[] = [];
  for (const site of new Set(active.map((w) => w.siteId))) {
    rows.push(...summariseWorkers(input.inputsOf(site), active.filter((w) => w.siteId === site), records, now).requirements);
  }
  const outstanding: AuditOutstanding[] = rows
    .filter((r): r is RequirementStateRow & { standing: AuditOutstanding['standing'] } => r.standing !== 'done')
    .sort((a, b) => order.get(a.employeeId)! - order.get(b.employeeId)! || a.lessonId.localeCompare(b.lessonId))
    .map((r) => ({
      employeeId: r.employeeId,
      workerName: r.workerName,
      lessonId: r.lessonId,
      lessonTitle: input.lessonTitle(r.lessonId),
      standing: r.standing,
      dueAt: r.dueAt,
      requiredBy: [...r.requiredByStations.map((s) => `station ${s}`), ...r.requiredByRoles.map((role) => `role ${role}`)].join(', '),
    }));
  const title = input.query.employeeId !== undefined ? `Training record of ${input.workers[0]?.name ?? input.query.employeeId}` : 'Training audit report';
  return {
    title,
    query: describeQuery(input.query, input.siteIds),
    generatedAt: now.toISOString(),
    workerCount: input.workers.length,
    inactiveWorkerCount: input.workers.length - active.length,
    completions,
    outstanding,
  };
}
