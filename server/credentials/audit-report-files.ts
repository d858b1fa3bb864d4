import { csvHeader, csvRow } from '../export/csv';
import type { AuditReport } from './audit-report';
import { drawLines, newPdf, wrap } from './pdf-layout';

export const COMPLETION_COLUMNS = [
  'timestamp',
  'employee_id',
  'worker',
  'worker_active',
  'lesson_id',
  'lesson_title',
  'lesson_version',
  'content_sha256',
  'score',
  'passed',
  'attempt',
  'site',
  'station',
  'terminal',
  'certification_status',
  'statement_id',
] as const;

const passedText = (p: boolean | null) => (p === null ? 'completed' : p ? 'passed' : 'failed');

/**
 * CSV with a UTF-8 BOM and CRLF (spreadsheets open it right): the query and generation time
 * first, then the completions, then the outstanding required lessons, each section with its header.
 */
export function auditReportCsv(r: AuditReport): string {
  let out = csvHeader(['report', 'query', 'generated_at', 'workers', 'inactive_workers']);
  out += csvRow([r.title, r.query, r.generatedAt, r.workerCount, r.inactiveWorkerCount]);
  out += '\r\n' + csvRow([...COMPLETION_COLUMNS]);
  for (const c of r.completions) {
    out += csvRow([c.timestamp, c.employeeId, c.workerName, c.workerActive, c.lessonId, c.lessonTitle, c.lessonVersion, c.contentHash, c.score, passedText(c.passed), c.attempt, c.siteId, c.stationId, c.terminalId, c.certificationStatus, c.statementId]);
  }
  out += '\r\n' + csvRow(['outstanding_employee_id', 'worker', 'lesson_id', 'lesson_title', 'standing', 'due_at', 'required_by']);
  for (const o of r.outstanding) out += csvRow([o.employeeId, o.workerName, o.lessonId, o.lessonTitle, o.standing, o.dueAt, o.requiredBy]);
  return out;
}

const A4_PORTRAIT: [number, number] = [595, 842];
const MARGIN = 40;

/** The same report as a PDF: one block of lines per completion, pages added as they fill. */
export async function auditReportPdf(r: AuditReport, now: Date): Promise<Uint8Array> {
  const { doc, font } = await newPdf(r.title, now);
  const width = A4_PORTRAIT[0] - 2 * MARGIN;
  let page = doc.addPage(A4_PORTRAIT);
  let y = A4_PORTRAIT[1] - MARGIN;
  const write = (text: string, size: number, gray = 0, indent = 0) => {
    const lines = wrap(font, text, size, width - indent);
    if (y - lines.length * size * 1.35 < MARGIN) {
      page = doc.addPage(A4_PORTRAIT);
      y = A4_PORTRAIT[1] - MARGIN;
    }
    y = drawLines(page, font, lines, MARGIN + indent, y, size, gray);
  };
  write(r.title, 18);
  write(`Query: ${r.query}`, 9, 0.3);
  write(`Generated: ${r.generatedAt}`, 9, 0.3);
  write(`Workers: ${r.workerCount}${r.inactiveWorkerCount > 0 ? `, ${r.inactiveWorkerCount} of them inactive (their completions are marked; nothing is outstanding for them)` : ''}`, 9, 0.3);
  y -= 8;
  write(`Completions (${r.completions.length})`, 13);
  for (const c of r.completions) {
    write(`${c.timestamp}  ${c.workerName} (${c.employeeId}${c.workerActive ? '' : ', inactive'})  ${c.lessonTitle} [${c.lessonId}]`, 9);
    write(
      `version ${c.lessonVersion}${c.contentHash ? ` sha256 ${c.contentHash}` : ''}; ${passedText(c.passed)}${c.score === null ? '' : `, score ${Math.round(c.score * 100)}%`}; attempt ${c.attempt}; station ${c.stationId ?? '-'}, terminal ${c.terminalId ?? '-'}${c.certificationStatus ? `; ${c.certificationStatus}` : ''}`,
      8,
      0.3,
      12,
    );
  }
  y -= 8;
  write(`Missing or overdue (${r.outstanding.length})`, 13);
  for (const o of r.outstanding) write(`${o.workerName} (${o.employeeId})  ${o.lessonTitle} [${o.lessonId}]: ${o.standing}${o.dueAt ? `, due ${o.dueAt.slice(0, 10)}` : ''}; required by ${o.requiredBy}`, 9);
  return doc.save();
}
