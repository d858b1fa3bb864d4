import fs from 'node:fs';
import path from 'node:path';
import type { LessonFileText, ReadMedia } from './library';
import type { Problem } from './problems';

/**
 * Reads a content folder from disk: every lessons/**\/*.md file, and media on demand. Paths in
 * problems are the folder as given joined with the file's relative path, so a trainer can click them.
 */
export function readContentFolder(dir: string): { files: LessonFileText[]; readMedia: ReadMedia; problems: Problem[] } {
  const lessonsDir = path.join(dir, 'lessons');
  const problems: Problem[] = [];
  const files: LessonFileText[] = [];
  if (!fs.existsSync(lessonsDir) || !fs.statSync(lessonsDir).isDirectory()) {
    problems.push({
      file: lessonsDir,
      line: 1,
      problem: 'there is no lessons folder',
      fix: `put lesson files in ${lessonsDir}/<area>/<lesson-id>.<language>.md, or pass the content folder that contains lessons/`,
    });
  } else {
    for (const rel of listMarkdown(lessonsDir)) {
      const file = path.join(lessonsDir, rel);
      files.push({ file, text: fs.readFileSync(file, 'utf8') });
    }
  }
  const root = path.resolve(dir);
  const readMedia: ReadMedia = (relativePath) => {
    const full = path.join(root, relativePath);
    try {
      return fs.statSync(full).isFile() ? fs.readFileSync(full) : null;
    } catch {
      return null;
    }
  };
  return { files, readMedia, problems };
}

function listMarkdown(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listMarkdown(path.join(dir, entry.name), rel));
    else if (entry.isFile() && entry.name.endsWith('.md')) out.push(rel);
  }
  return out.sort();
}
