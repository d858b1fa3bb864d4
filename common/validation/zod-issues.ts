import type { z } from 'zod';

/**
 * The one way a zod issue is written for people: where it is, as they would write the path
 * (`args[0].cardIndex`, `site.id`, `[1].result.score.scaled`), then zod's problem. Callers add the
 * fix that fits their reader (a config line, an HTTP 400, a kiosk call error).
 */

export type ZodIssue = z.core.$ZodIssue;

/** The path of an issue, array indexes in brackets, under an optional root such as `args` or `[1]`. */
export function issuePath(path: readonly PropertyKey[], root = ''): string {
  let written = root;
  for (const key of path) {
    if (typeof key === 'number') written += `[${key}]`;
    else written += written === '' ? String(key) : `.${String(key)}`;
  }
  return written;
}

export interface DescribeIssuesOptions {
  /** Prefix of every path, e.g. `args` for a kiosk call's argument list. */
  root?: string;
  /** What to call the checked value itself when an issue has no path, e.g. `(body)`. */
  whole?: string;
  /** Issues beyond this many are counted, not listed (a long list buries the first problem). */
  max?: number;
}

/** "path: problem" per issue, joined with "; ". */
export function describeIssues(issues: readonly ZodIssue[], options: DescribeIssuesOptions = {}): string {
  const max = options.max ?? 5;
  const lines = issues.slice(0, max).map((issue) => `${issuePath(issue.path, options.root) || (options.whole ?? '(top level)')}: ${issue.message}`);
  if (issues.length > max) lines.push(`and ${issues.length - max} more`);
  return lines.join('; ');
}
