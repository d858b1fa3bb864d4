import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { svgActiveContent } from '../../../common/media/svg-safety';

/** Writes a content folder (paths relative to it) into a fresh temp dir and returns its path. */
export function writeContentFolder(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-content-'));
  for (const [rel, body] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, body);
  }
  return dir;
}

export const DIAGRAM_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

export const GOOD_BODY = `
::: text
Machines store energy.
![Lock](media/lock.svg)

::: image src=media/lock.svg alt="A lock on a switch"

::: check single id=demo-who
Who removes your lock?
- [x] Only you :: Right.
- [ ] Your supervisor :: No.
explanation: Your lock protects you.
`;

/** A lesson file; `extra` lines are appended to the front matter, `fields` replace defaults. */
export function lessonFile(opts: {
  id?: string;
  language?: string;
  fields?: Record<string, string>;
  extra?: string[];
  body?: string;
} = {}): string {
  const fields: Record<string, string> = {
    id: opts.id ?? 'demo',
    version: '1',
    title: 'Demo lesson',
    language: opts.language ?? 'en',
    duration: '3',
    ...opts.fields,
  };
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
  return ['---', ...lines, ...(opts.extra ?? []), '---', opts.body ?? GOOD_BODY].join('\n');
}

/** A minimal valid library: demo in en and es, plus the media it uses. */
export function goodLibrary(): Record<string, string> {
  return {
    'lessons/area/demo.en.md': lessonFile(),
    'lessons/area/demo.es.md': lessonFile({ language: 'es', fields: { title: 'Lección de prueba' } }),
    'media/lock.svg': DIAGRAM_SVG,
  };
}

/**
 * The SVG check loads jsdom on first use, which takes seconds on a busy machine: test files that
 * build content pay it once in beforeAll(warmSvgCheck, SVG_WARM_MS), outside any test's timeout.
 */
export function warmSvgCheck(): void {
  svgActiveContent(DIAGRAM_SVG);
}
export const SVG_WARM_MS = 120_000;
