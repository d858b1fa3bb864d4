import { msToIsoDuration } from './duration';
import type { Statement } from './statement';

export const verbs = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
} as const;

export const KIOSK_PLATFORM = 'Shiftlearn kiosk';
const LESSON_ACTIVITY_TYPE = 'http://adlnet.gov/expapi/activities/lesson';

/** A completion as the kiosk records it; `id` becomes the statement id, so a retry is the same statement. */
export interface KioskCompletion {
  id: string;
  employeeId: string;
  workerName: string;
  lessonId: string;
  lessonVersion: number;
  lessonTitle: string;
  language: string;
  /** 0..1 over the knowledge checks; null when the lesson has none. */
  score: number | null;
  /** null when the lesson has no pass mark (then the verb is `completed`). */
  passed: boolean | null;
  durationMs: number;
  /** When the worker finished, as recorded by the terminal (ISO 8601). */
  completedAt: string;
}

export interface TerminalContext {
  serverUrl: string;
  siteId: string;
  stationId: string;
  terminalId: string;
}

/** Extension IRIs under the server URL, shared by the kiosk builder and the server's site check. */
export function extensionIri(serverUrl: string, name: 'site' | 'station' | 'terminal' | 'lesson-version'): string {
  return `${trimSlash(serverUrl)}/xapi/ext/${name}`;
}

export function lessonActivityId(serverUrl: string, lessonId: string): string {
  return `${trimSlash(serverUrl)}/activities/lesson/${encodeURIComponent(lessonId)}`;
}

/**
 * The statement for one completion. Deterministic: the same completion and context give a
 * byte-identical JSON (fixed key order, no clock read), so the server sees a retry as a no-op.
 */
export function buildCompletionStatement(c: KioskCompletion, ctx: TerminalContext): Statement {
  const verb = c.passed === true ? 'passed' : c.passed === false ? 'failed' : 'completed';
  const serverUrl = trimSlash(ctx.serverUrl);
  const result: NonNullable<Statement['result']> = {};
  if (c.score !== null) result.score = { scaled: roundScore(c.score) };
  if (c.passed !== null) result.success = c.passed;
  result.completion = true;
  result.duration = msToIsoDuration(c.durationMs);
  return {
    id: c.id.toLowerCase(),
    actor: { objectType: 'Agent', account: { homePage: serverUrl, name: c.employeeId }, name: c.workerName },
    verb: { id: verbs[verb], display: { 'en-US': verb } },
    object: {
      objectType: 'Activity',
      id: lessonActivityId(serverUrl, c.lessonId),
      definition: { name: { [c.language]: c.lessonTitle }, type: LESSON_ACTIVITY_TYPE },
    },
    result,
    context: {
      platform: KIOSK_PLATFORM,
      language: c.language,
      extensions: {
        [extensionIri(serverUrl, 'site')]: ctx.siteId,
        [extensionIri(serverUrl, 'station')]: ctx.stationId,
        [extensionIri(serverUrl, 'terminal')]: ctx.terminalId,
        [extensionIri(serverUrl, 'lesson-version')]: c.lessonVersion,
      },
    },
    timestamp: new Date(c.completedAt).toISOString(),
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Scores are fractions of a handful of checks; 4 decimals keep them exact enough and stable. */
function roundScore(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 10_000) / 10_000;
}
