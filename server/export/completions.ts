import { csvRow } from './csv';

/**
 * counted_for: the employee id the row counts for on the dashboard; empty when its writer may not
 * speak for that worker (statements/speakers.ts) or when it was voided. voided_by: the id of the
 * statement that voided it (also a row of the export), else empty.
 */
export const COMPLETION_COLUMNS = ['worker', 'lesson', 'site', 'station', 'verb', 'score', 'success', 'duration', 'timestamp', 'counted_for', 'voided_by'] as const;

/** A stored statement with the columns the server recorded beside it. */
export interface ExportedStatement {
  statement: unknown;
  site_id: string | null;
  employee_id: string | null;
  voided_by: string | null;
}

interface StoredStatement {
  actor?: { account?: { name?: string }; mbox?: string; name?: string };
  verb?: { id?: string };
  object?: { id?: string };
  result?: { score?: { scaled?: number }; success?: boolean; duration?: string };
  context?: { extensions?: Record<string, unknown> };
  timestamp?: string;
}

function extension(s: StoredStatement, name: string): string | null {
  for (const [k, v] of Object.entries(s.context?.extensions ?? {})) if (k.endsWith(`/xapi/ext/${name}`)) return String(v);
  return null;
}

/** Lesson id for kiosk activity IRIs (.../activities/lesson/<id>), the full IRI for anything else. */
function lessonOf(activityId: string | undefined): string {
  if (!activityId) return '';
  const m = /\/activities\/lesson\/([^/?#]+)$/.exec(activityId);
  return m ? decodeURIComponent(m[1]) : activityId;
}

/** One completions.csv line for a stored statement. */
export function completionCsvRow({ statement, site_id: siteId, employee_id: employeeId, voided_by: voidedBy }: ExportedStatement): string {
  const s = statement as StoredStatement;
  const verbId = s.verb?.id ?? '';
  return csvRow([
    s.actor?.account?.name ?? s.actor?.mbox ?? s.actor?.name ?? '',
    lessonOf(s.object?.id),
    siteId ?? extension(s, 'site') ?? '',
    extension(s, 'station') ?? '',
    verbId.slice(verbId.lastIndexOf('/') + 1),
    s.result?.score?.scaled,
    s.result?.success,
    s.result?.duration,
    s.timestamp,
    employeeId,
    voidedBy,
  ]);
}
