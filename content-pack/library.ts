import { lesson as lessonSchema, type Card, type Lesson } from '../common/contracts/lesson';
import { rewriteMarkdownImages } from '../common/contracts/lesson-markdown';
import type { MediaRef, SourceCard } from './cards';
import { parseLessonFile, type LessonSource } from './lesson-file';
import { mediaContentProblem, mediaTypeOf, resolveMediaPath, sha256, type MediaType, type MediaUse } from './media';
import { compareText, type Problem } from './problems';

/**
 * Turns the lesson files of a content folder into played Lesson objects, checking everything that
 * needs more than one file: duplicates, translations, prerequisites, check ids and media. Pure
 * apart from `readMedia`, so tests can feed it in-memory files.
 */

export const DEFAULT_LANGUAGE = 'en';

export interface LessonFileText {
  /** Path shown in problems, e.g. content/lessons/warehouse/safe-lifting.en.md. */
  file: string;
  text: string;
}

export interface MediaFile {
  sha256: string;
  mimeType: MediaType;
  bytes: Buffer;
}

export interface CompiledLibrary {
  lessons: Lesson[];
  /** Every media file a lesson references, by hash, sorted by hash. */
  media: MediaFile[];
  problems: Problem[];
}

/** Reads a media file by its path relative to the content folder; null when it does not exist. */
export type ReadMedia = (relativePath: string) => Buffer | null;

export function compileLibrary(
  files: readonly LessonFileText[],
  readMedia: ReadMedia,
  options: {
    defaultLanguage?: string;
    contentLabel?: string;
    /** Keep a lesson with the cards that have no problem (the preview shows what it can); a build never does. */
    partial?: boolean;
  } = {},
): CompiledLibrary {
  const defaultLanguage = options.defaultLanguage ?? DEFAULT_LANGUAGE;
  const contentLabel = options.contentLabel ?? 'content';
  const problems: Problem[] = [];
  const sources: LessonSource[] = [];
  for (const f of [...files].sort((a, b) => compareText(a.file, b.file))) {
    const parsed = parseLessonFile(f.file, f.text);
    problems.push(...parsed.problems);
    if (parsed.source) sources.push(parsed.source);
  }

  const idLine = (s: LessonSource) => s.keyLines.get('id') ?? 1;
  const idOf = (s: LessonSource) => s.frontMatter?.id ?? s.nameId;
  const languageOf = (s: LessonSource) => s.frontMatter?.language ?? s.nameLanguage;

  // Duplicates: the first file (in path order) wins, later ones are reported.
  const byKey = new Map<string, LessonSource>();
  const unique: LessonSource[] = [];
  for (const s of sources) {
    const key = `${idOf(s)}\u0000${languageOf(s)}`;
    const first = byKey.get(key);
    if (first) {
      problems.push({
        file: s.file,
        line: idLine(s),
        problem: `duplicate lesson: id "${idOf(s)}" in language "${languageOf(s)}" is also defined in ${first.file}`,
        fix: 'give this lesson a different id (and file name), or delete one of the two files',
      });
    } else {
      byKey.set(key, s);
      unique.push(s);
    }
  }
  const defaults = new Map(unique.filter((s) => languageOf(s) === defaultLanguage).map((s) => [idOf(s), s]));
  const allIds = new Set(unique.map(idOf));

  for (const s of unique) {
    if (languageOf(s) !== defaultLanguage && !defaults.has(idOf(s))) {
      problems.push({
        file: s.file,
        line: idLine(s),
        problem: `translation of "${idOf(s)}" has no ${defaultLanguage} version`,
        fix: `add ${idOf(s)}.${defaultLanguage}.md next to it (workers without a translation see that one), or correct the id`,
      });
    }
  }
  problems.push(...prerequisiteProblems(unique, allIds, idOf));
  problems.push(...checkIdProblems(unique, defaults, idOf, languageOf, defaultLanguage));
  problems.push(...requiredForProblems(unique, defaults, idOf, languageOf, defaultLanguage));

  const media = new Map<string, MediaFile>();
  const lessons: Lesson[] = [];
  for (const s of unique) {
    const fileProblems: Problem[] = [];
    const resolve = (ref: MediaRef, use: MediaUse) => resolveMedia(s.file, ref, use, readMedia, contentLabel, media, fileProblems);
    const cards = s.cards.map((c) => toCard(c, resolve));
    for (const m of s.uncheckedMedia) resolve(m.ref, m.use);
    problems.push(...fileProblems, ...cardIdProblems(s.file, cards, s.cards));
    const usable = cards.filter((c): c is Card => c !== null);
    const complete = fileProblems.length === 0 && usable.length === cards.length;
    // No cards means every card failed to parse, which is already reported.
    if (!s.frontMatter || usable.length === 0 || (!complete && !options.partial)) continue;

    const fm = s.frontMatter;
    // A translation without required_for takes its default-language version's: requirements are per lesson, not per language.
    const requiredFor = fm.required_for ?? (languageOf(s) === defaultLanguage ? undefined : defaults.get(idOf(s))?.frontMatter?.required_for);
    const result = lessonSchema.safeParse({
      id: fm.id,
      version: fm.version,
      language: fm.language,
      title: fm.title,
      summary: fm.summary,
      durationMinutes: fm.duration,
      skills: fm.skills,
      roles: fm.roles,
      stations: fm.stations,
      prerequisites: fm.prerequisites,
      recertifyAfterDays: requiredFor?.recert_days ?? fm.recertify_after,
      tags: fm.tags,
      ...(requiredFor ? { requiredFor: { roles: requiredFor.roles, stations: requiredFor.stations } } : {}),
      cards: usable,
    });
    if (result.success) lessons.push(result.data);
    else {
      for (const issue of result.error.issues) {
        problems.push({ file: s.file, line: 1, problem: `lesson does not fit the played format at ${issue.path.join('.')}: ${issue.message}`, fix: 'correct the field named' });
      }
    }
  }

  lessons.sort((a, b) => compareText(a.id, b.id) || compareText(a.language, b.language));
  return {
    lessons,
    media: [...media.values()].sort((a, b) => compareText(a.sha256, b.sha256)),
    problems,
  };
}

type Resolve = (ref: MediaRef, use: MediaUse) => string | null;

function toCard(c: SourceCard, resolve: Resolve): Card | null {
  const id = c.id ?? `${c.kind}-${sha256(c.source).slice(0, 12)}`;
  switch (c.kind) {
    case 'text': {
      const hashes = new Map(c.images.map((ref) => [ref.src, resolve(ref, 'image')]));
      if ([...hashes.values()].some((h) => h === null)) return null;
      const markdown = rewriteMarkdownImages(c.markdown, (image) => `media:${hashes.get(image.src)}`);
      return { kind: 'text', id, markdown };
    }
    case 'image': {
      const media = resolve(c.src, 'image');
      return media ? { kind: 'image', id, media, alt: c.alt, ...(c.caption ? { caption: c.caption } : {}) } : null;
    }
    case 'video': {
      const media = resolve(c.src, 'video');
      const captions = c.captions ? resolve(c.captions, 'captions') : null;
      if (!media || (c.captions && !captions)) return null;
      const mimeType = mediaTypeOf(c.src.src);
      if (mimeType !== 'video/mp4' && mimeType !== 'video/webm') return null;
      return {
        kind: 'video',
        id,
        media,
        mimeType,
        ...(captions ? { captions } : {}),
        ...(c.captionsLanguage ? { captionsLanguage: c.captionsLanguage } : {}),
        ...(c.caption ? { caption: c.caption } : {}),
      };
    }
    case 'check':
      return {
        kind: 'check',
        id: c.id,
        itemId: c.id,
        mode: c.mode,
        question: c.question,
        // Option ids are positional letters: what a worker chose is recorded as "a", "c", ...
        options: c.options.map((o, i) => ({ id: String.fromCharCode(97 + i), text: o.text, correct: o.correct, feedback: o.feedback })),
        explanation: c.explanation,
      };
  }
}

function resolveMedia(
  file: string, ref: MediaRef, use: MediaUse, readMedia: ReadMedia, contentLabel: string,
  media: Map<string, MediaFile>, problems: Problem[],
): string | null {
  const report = (problem: string, fix: string) => {
    problems.push({ file, line: ref.line, problem, fix });
    return null;
  };
  const resolved = resolveMediaPath(ref.src);
  if ('problem' in resolved) return report(resolved.problem, resolved.fix);
  const mimeType = mediaTypeOf(resolved.path);
  if (!mimeType) return report(`"${ref.src}" is not a supported media file`, 'use .svg, .png, .jpg or .webp images, .mp4 or .webm video and .vtt captions');
  const bytes = readMedia(resolved.path);
  if (!bytes) {
    return report(
      `media file ${contentLabel}/${resolved.path} does not exist`,
      `add the file to ${contentLabel}/media/ or correct the path (media paths are relative to the content folder, e.g. media/lock-and-tag.svg)`,
    );
  }
  const contentProblem = mediaContentProblem(use, mimeType, bytes);
  if (contentProblem) return report(`${ref.src}: ${contentProblem.problem}`, contentProblem.fix);
  const hash = sha256(bytes);
  media.set(hash, { sha256: hash, mimeType, bytes });
  return hash;
}

function cardIdProblems(file: string, cards: (Card | null)[], sources: SourceCard[]): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  cards.forEach((c, i) => {
    if (!c) return;
    const first = seen.get(c.id);
    if (first !== undefined) {
      problems.push({
        file,
        line: sources[i].line,
        problem: `card id "${c.id}" is used twice in this lesson (first at line ${first})`,
        fix: 'give one of the cards a different id=, or remove the repeated card',
      });
    } else seen.set(c.id, sources[i].line);
  });
  return problems;
}

function prerequisiteProblems(sources: LessonSource[], allIds: Set<string>, idOf: (s: LessonSource) => string): Problem[] {
  const problems: Problem[] = [];
  const graph = new Map<string, string[]>();
  for (const s of sources) {
    const prereqs = s.frontMatter?.prerequisites ?? [];
    const line = s.keyLines.get('prerequisites') ?? 1;
    for (const p of prereqs) {
      if (p === idOf(s)) {
        problems.push({ file: s.file, line, problem: `lesson "${p}" lists itself as a prerequisite`, fix: 'remove it from prerequisites' });
      } else if (!allIds.has(p)) {
        problems.push({
          file: s.file,
          line,
          problem: `prerequisite "${p}" is not a lesson in this library`,
          fix: 'correct the id to an existing lesson id (the "id:" of its file), or add that lesson',
        });
      }
    }
    graph.set(idOf(s), [...(graph.get(idOf(s)) ?? []), ...prereqs.filter((p) => p !== idOf(s) && allIds.has(p))]);
  }
  // A cycle would make every lesson in it unreachable for a new worker.
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const key = [...new Set(cycle)].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        const s = sources.find((x) => idOf(x) === id)!;
        problems.push({
          file: s.file,
          line: s.keyLines.get('prerequisites') ?? 1,
          problem: `prerequisites form a loop: ${cycle.join(' -> ')}`,
          fix: 'remove one of these prerequisites so each lesson can be reached',
        });
      }
      return;
    }
    state.set(id, 'visiting');
    for (const next of graph.get(id) ?? []) visit(next, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of [...graph.keys()].sort()) visit(id, []);
  return problems;
}

function checkIdProblems(
  sources: LessonSource[], defaults: Map<string, LessonSource>, idOf: (s: LessonSource) => string,
  languageOf: (s: LessonSource) => string, defaultLanguage: string,
): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, string>();
  for (const s of sources) {
    const seen = new Set<string>();
    for (const c of s.cards) {
      if (c.kind !== 'check') continue;
      if (seen.has(c.id)) {
        problems.push({ file: s.file, line: c.line, problem: `check id "${c.id}" is used twice in this lesson`, fix: 'give each check its own id=' });
      }
      seen.add(c.id);
      const other = owner.get(c.id);
      if (other && other !== idOf(s)) {
        problems.push({
          file: s.file,
          line: c.line,
          problem: `check id "${c.id}" is already used by lesson "${other}"`,
          fix: `check ids are shared only between translations of one lesson; rename it, e.g. id=${idOf(s)}-${c.id}`,
        });
      } else owner.set(c.id, idOf(s));
      const base = defaults.get(idOf(s));
      if (languageOf(s) !== defaultLanguage && base && !base.cards.some((b) => b.kind === 'check' && b.id === c.id)) {
        problems.push({
          file: s.file,
          line: c.line,
          problem: `check id "${c.id}" is not in the ${defaultLanguage} version (${base.file})`,
          fix: `use the same id= as the matching check in the ${defaultLanguage} version, so answers count for the same item in every language`,
        });
      }
    }
  }
  return problems;
}

/**
 * `required_for` says who must do a lesson, in every language alike; its `recert_days` is the
 * lesson's recertification period, so a different `recertify_after` beside it is a contradiction.
 */
function requiredForProblems(
  sources: LessonSource[], defaults: Map<string, LessonSource>, idOf: (s: LessonSource) => string,
  languageOf: (s: LessonSource) => string, defaultLanguage: string,
): Problem[] {
  const problems: Problem[] = [];
  for (const s of sources) {
    const own = s.frontMatter?.required_for;
    if (!own) continue;
    const line = s.keyLines.get('required_for') ?? 1;
    const recertifyAfter = s.frontMatter?.recertify_after ?? null;
    if (own.recert_days !== undefined && recertifyAfter !== null && recertifyAfter !== own.recert_days) {
      problems.push({
        file: s.file,
        line,
        problem: `required_for.recert_days is ${own.recert_days} but recertify_after is ${recertifyAfter} days`,
        fix: 'keep one of the two: recert_days inside required_for, or recertify_after',
      });
    }
    const base = languageOf(s) === defaultLanguage ? undefined : defaults.get(idOf(s))?.frontMatter?.required_for;
    if (base && JSON.stringify(base) !== JSON.stringify(own)) {
      problems.push({
        file: s.file,
        line,
        problem: `required_for differs from the ${defaultLanguage} version's (${defaults.get(idOf(s))!.file})`,
        fix: `remove required_for here (a translation takes the ${defaultLanguage} version's) or make it the same`,
      });
    }
  }
  return problems;
}
