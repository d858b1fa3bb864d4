/**
 * A content problem as a trainer reads it: where, what is wrong, and how to fix it. Every check in
 * the tool reports problems instead of throwing, so one build run lists all of them at once.
 */
export interface Problem {
  /** Path of the file as the trainer would open it (the content folder joined with the relative path). */
  file: string;
  /** 1-based line number; 1 when the problem concerns the file as a whole. */
  line: number;
  problem: string;
  fix: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${stripStop(p.problem)}. Fix: ${p.fix}`;
}

function stripStop(s: string): string {
  return s.replace(/[.\s]+$/, '');
}

/** Problems in the file-then-line order a trainer works through them. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.problem, b.problem),
  );
}

/** Locale-independent ordering, so output never depends on the machine that builds. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class ContentProblemsError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} content problem${problems.length === 1 ? '' : 's'}:\n` +
        sortProblems(problems).map(formatProblem).join('\n'),
    );
    this.name = 'ContentProblemsError';
  }
}
