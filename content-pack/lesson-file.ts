import { parseCards, type SourceCard, type UncheckedMedia } from './cards';
import { parseFrontMatter, type FrontMatter } from './front-matter';
import type { Problem } from './problems';

/** One lesson file read on its own, before anything that needs the rest of the library. */
export interface LessonSource {
  file: string;
  /** Lesson id and language as the file name states them (`<id>.<lang>.md`). */
  nameId: string;
  nameLanguage: string;
  frontMatter: FrontMatter | null;
  keyLines: Map<string, number>;
  cards: SourceCard[];
  uncheckedMedia: UncheckedMedia[];
}

const FILE_NAME = /^([a-z0-9][a-z0-9-]*)\.([a-z]{2,3}(?:-[A-Z]{2})?)\.md$/;
const FENCE = /^---\s*$/;

export function parseLessonFile(file: string, text: string): { source: LessonSource | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const baseName = file.split('/').pop() ?? file;
  const name = FILE_NAME.exec(baseName);
  if (!name) {
    problems.push({
      file,
      line: 1,
      problem: `file name "${baseName}" is not <lesson-id>.<language>.md`,
      fix: 'rename it, e.g. lockout-tagout-basics.en.md and lockout-tagout-basics.es.md for its translation',
    });
  }

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const close = FENCE.test(lines[0] ?? '') ? lines.findIndex((l, i) => i > 0 && FENCE.test(l)) : -1;
  if (close < 0) {
    problems.push({
      file,
      line: 1,
      problem: 'the file does not start with front matter between two "---" lines',
      fix: 'begin the file with a line "---", the fields (id, version, title, language, duration, ...), and another "---"',
    });
    return { source: null, problems };
  }

  const fm = parseFrontMatter(file, lines.slice(1, close).join('\n'), 2);
  problems.push(...fm.problems);
  const body = parseCards(file, lines.slice(close + 1), close + 2);
  problems.push(...body.problems);

  // The rest of the file is still checked, so a misnamed file shows all its problems in one run.
  if (!name) return { source: null, problems };
  if (fm.data) {
    if (fm.data.id !== name[1]) {
      problems.push({
        file,
        line: fm.keyLines.get('id') ?? 1,
        problem: `id "${fm.data.id}" does not match the file name "${baseName}"`,
        fix: `make them the same: either id: ${name[1]} or rename the file to ${fm.data.id}.${name[2]}.md`,
      });
    }
    if (fm.data.language !== name[2]) {
      problems.push({
        file,
        line: fm.keyLines.get('language') ?? 1,
        problem: `language "${fm.data.language}" does not match the file name "${baseName}"`,
        fix: `make them the same: either language: ${name[2]} or rename the file to ${name[1]}.${fm.data.language}.md`,
      });
    }
  }
  return {
    source: { file, nameId: name[1], nameLanguage: name[2], frontMatter: fm.data, keyLines: fm.keyLines, cards: body.cards, uncheckedMedia: body.uncheckedMedia },
    problems,
  };
}
