import type { ZodError } from 'zod';
import { describeIssues } from '../common/validation/zod-issues';

/** An error the client can act on: HTTP status, a stable code, and a message naming the problem and the fix. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** "result.score.scaled: Too big: expected number to be <=1" for every issue, so the field is named. */
export function describeZodError(err: ZodError, prefix = ''): string {
  return describeIssues(err.issues, { root: prefix, whole: '(body)' });
}

export function badRequest(err: ZodError, what: string, prefix = ''): HttpError {
  return new HttpError(400, 'invalid-request', `invalid ${what}: ${describeZodError(err, prefix)}. Fix the named field and send again.`);
}

/**
 * An unexpected error as it goes into the log: its kind, code and the first line of its message,
 * never the data it failed on (PostgreSQL's detail and where fields quote the failing row, i.e.
 * statement content and badge ids).
 */
export function errorForLog(err: Error & { code?: unknown }): Record<string, unknown> {
  return {
    type: err.name,
    code: typeof err.code === 'string' ? err.code : undefined,
    message: err.message.split('\n')[0].slice(0, 200),
    stack: err.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n'),
  };
}
