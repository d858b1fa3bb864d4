import path from 'node:path';
import type { Lesson } from '../../common/contracts/lesson';
import type { PreviewLesson, PreviewProblem, PreviewState } from '../../common/contracts/content-preview';
import { canonicalJson } from '../../common/contracts/canonical-json';
import { readContentFolder } from '../content-folder';
import { compileLibrary, DEFAULT_LANGUAGE, type MediaFile } from '../library';
import { sha256 } from '../media';
import { compareText, sortProblems } from '../problems';

/**
 * A content folder as the preview shows it, compiled with the build's own checks: the lessons (with
 * the cards that have no problem), every problem, and the last version of each lesson that built, so
 * a lesson whose front matter is broken mid-edit still shows, marked stale.
 */
export class PreviewLibrary {
  private version = 0;
  private fingerprint = '';
  private lessons = new Map<string, Lesson>();
  private lastGood = new Map<string, Lesson>();
  private media = new Map<string, MediaFile>();
  private problems: PreviewProblem[] = [];

  constructor(private readonly dir: string) {
    this.refresh();
  }

  /** Reads the folder again; true when anything a page shows changed. */
  refresh(): boolean {
    const folder = readContentFolder(this.dir);
    const compiled = compileLibrary(folder.files, folder.readMedia, { contentLabel: this.dir.replace(/\/+$/, ''), partial: true });
    const relative = (file: string) => path.relative(this.dir, file).split(path.sep).join('/');
    this.problems = sortProblems([...folder.problems, ...compiled.problems]).map((p) => ({ ...p, file: relative(p.file) }));
    this.lessons = new Map(compiled.lessons.map((l) => [key(l.id, l.language), l]));
    for (const [k, l] of this.lessons) this.lastGood.set(k, l);
    for (const m of compiled.media) this.media.set(m.sha256, m);
    const fingerprint = sha256(canonicalJson({ lessons: compiled.lessons, problems: this.problems }));
    if (fingerprint === this.fingerprint) return false;
    this.fingerprint = fingerprint;
    this.version += 1;
    return true;
  }

  state(): PreviewState {
    const byId = new Map<string, { title: string; languages: string[] }>();
    for (const l of this.lastGood.values()) {
      const entry = byId.get(l.id) ?? { title: l.title, languages: [] };
      entry.languages.push(l.language);
      if (l.language === DEFAULT_LANGUAGE) entry.title = l.title;
      byId.set(l.id, entry);
    }
    const lessons = [...byId].map(([id, e]) => ({ id, title: e.title, languages: e.languages.sort() })).sort((a, b) => compareText(a.id, b.id));
    return { version: this.version, lessons, problems: this.problems };
  }

  /**
   * The lesson a worker with this language would play: their translation, else the default-language
   * version (the kiosk's order on a terminal set to English).
   */
  lesson(id: string, language: string): PreviewLesson {
    const variant = [language, DEFAULT_LANGUAGE].find((l) => this.lastGood.has(key(id, l)));
    const current = variant ? this.lessons.get(key(id, variant)) : undefined;
    const shown = variant ? (current ?? this.lastGood.get(key(id, variant))!) : null;
    const own = (p: PreviewProblem) => path.posix.basename(p.file).startsWith(`${id}.`);
    return { lesson: shown, stale: shown !== null && !current, problems: this.problems.filter(own) };
  }

  mediaFile(hash: string): MediaFile | null {
    return this.media.get(hash) ?? null;
  }
}

const key = (id: string, language: string) => `${id}\u0000${language}`;
