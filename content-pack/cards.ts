import { markdownImages } from '../common/contracts/lesson-markdown';
import type { Problem } from './problems';

/**
 * The lesson body: a sequence of cards, each starting with a directive line `::: <kind> [attrs]`.
 * This module only reads the text; media paths are resolved to hashes later (see library.ts), so
 * the parser stays pure and every card keeps the line numbers a problem must point at.
 */

export type CheckMode = 'single' | 'multiple' | 'truefalse';

export interface SourceOption {
  line: number;
  text: string;
  correct: boolean;
  feedback: string;
}

/** A media path as written by the trainer, with the line that wrote it. */
export interface MediaRef {
  src: string;
  line: number;
}

/**
 * Media of a card refused for another reason (say, an image without alt text): still checked, so the
 * trainer learns about a missing file in the same run instead of after fixing the alt text.
 */
export interface UncheckedMedia {
  ref: MediaRef;
  use: 'image' | 'video' | 'captions';
}

interface CardBase {
  line: number;
  /** Explicit `id=`, or null when the id is derived from the card's content. */
  id: string | null;
  /** The card's source text, for deriving a stable id that changes only when the card does. */
  source: string;
}

export type SourceCard =
  | (CardBase & { kind: 'text'; markdown: string; images: MediaRef[] })
  | (CardBase & { kind: 'image'; src: MediaRef; alt: string; caption: string })
  | (CardBase & { kind: 'video'; src: MediaRef; captions: MediaRef | null; captionsLanguage: string | null; caption: string })
  | (CardBase & {
      kind: 'check';
      id: string;
      mode: CheckMode;
      question: string;
      options: SourceOption[];
      explanation: string;
    });

const DIRECTIVE = /^:::(.*)$/;
const KINDS = ['text', 'image', 'video', 'check'] as const;
const MODES: readonly CheckMode[] = ['single', 'multiple', 'truefalse'];
const ALLOWED_ATTRS: Record<(typeof KINDS)[number], readonly string[]> = {
  text: ['id'],
  image: ['id', 'src', 'alt'],
  video: ['id', 'src', 'captions', 'captions-lang'],
  check: ['id'],
};
const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const OPTION = /^\s*[-*]\s+\[([ xX]?)\]\s*(.*)$/;
const LOOKS_LIKE_OPTION = /^\s*[-*]\s+\[/;
const EXPLANATION = /^explanation:\s*(.*)$/i;

const DIRECTIVE_FIX =
  'start each card with one of these lines: ::: text | ::: image src=media/<file> alt="<description>" | ' +
  '::: video src=media/<file>.webm captions=media/<file>.vtt | ::: check single|multiple|truefalse id=<check-id>';

interface Attrs {
  named: Map<string, string>;
  bare: string[];
  malformed: string | null;
}

function parseAttrs(text: string): Attrs {
  const named = new Map<string, string>();
  const bare: string[] = [];
  const token = /\s*(?:([a-z][a-z-]*)=(?:"([^"]*)"|([^\s"]+))|([^\s=]+))/gy;
  const rest = text.trimEnd();
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < rest.length) {
    token.lastIndex = pos;
    m = token.exec(rest);
    if (!m || m[0].length === 0) return { named, bare, malformed: rest.slice(pos).trim() };
    if (m[1]) named.set(m[1], m[2] ?? m[3]);
    else bare.push(m[4]);
    pos = token.lastIndex;
  }
  return { named, bare, malformed: null };
}

/** Splits the body (the lines after the front matter, starting at file line `firstLine`) into cards. */
export function parseCards(
  file: string, lines: readonly string[], firstLine: number,
): { cards: SourceCard[]; problems: Problem[]; uncheckedMedia: UncheckedMedia[] } {
  const problems: Problem[] = [];
  const cards: SourceCard[] = [];
  const uncheckedMedia: UncheckedMedia[] = [];
  const at = (i: number) => firstLine + i;

  let start = -1;
  let strayText = false;
  for (let i = 0; i <= lines.length; i++) {
    const isDirective = i < lines.length && DIRECTIVE.test(lines[i]);
    if (i === lines.length || isDirective) {
      if (start >= 0) {
        const card = parseCard(file, lines.slice(start, i), at(start), problems, uncheckedMedia);
        if (card) cards.push(card);
      } else {
        const stray = lines.slice(0, i).findIndex((l) => l.trim() !== '');
        if (stray >= 0) {
          strayText = true;
          problems.push({
            file,
            line: at(stray),
            problem: 'text before the first card directive',
            fix: `put a card directive line above it, e.g. "::: text"; ${DIRECTIVE_FIX}`,
          });
        }
      }
      start = i;
    }
  }
  if (!strayText && !lines.some((l) => DIRECTIVE.test(l))) {
    problems.push({ file, line: firstLine, problem: 'the lesson has no cards', fix: DIRECTIVE_FIX });
  }
  return { cards, problems, uncheckedMedia };
}

function parseCard(file: string, lines: readonly string[], line: number, problems: Problem[], uncheckedMedia: UncheckedMedia[]): SourceCard | null {
  const directive = DIRECTIVE.exec(lines[0])![1].trim();
  const [kindWord = '', ...restWords] = directive.split(/\s+/);
  const kind = KINDS.find((k) => k === kindWord);
  const report = (problem: string, fix: string, at = line) => problems.push({ file, line: at, problem, fix });
  if (!kind) {
    report(kindWord ? `unknown card kind "${kindWord}"` : 'card directive without a kind', DIRECTIVE_FIX);
    return null;
  }
  const attrs = parseAttrs(restWords.join(' '));
  if (attrs.malformed !== null) {
    report(`cannot read "${attrs.malformed}" in the card directive`, 'write attributes as name=value, with double quotes around values that contain spaces');
    return null;
  }
  let ok = true;
  for (const name of attrs.named.keys()) {
    if (!ALLOWED_ATTRS[kind].includes(name)) {
      report(`unknown attribute "${name}" on a ${kind} card`, `use only: ${ALLOWED_ATTRS[kind].join(', ')}`);
      ok = false;
    }
  }
  const bareAllowed = kind === 'check' ? 1 : 0;
  if (attrs.bare.length > bareAllowed) {
    report(`unexpected word "${attrs.bare[bareAllowed]}" in the card directive`, kind === 'check' ? 'write "::: check single|multiple|truefalse id=<check-id>"' : 'write attributes as name=value');
    ok = false;
  }
  const id = attrs.named.get('id') ?? null;
  if (id !== null && !SLUG.test(id)) {
    report(`card id "${id}" is not valid`, 'use lowercase letters, digits and dashes, e.g. id=loto-who-removes');
    ok = false;
  }
  const body = lines.slice(1);
  const bodyText = body.join('\n').trim();
  const source = lines.join('\n').trim();
  const bodyLine = (i: number) => line + 1 + i;

  switch (kind) {
    case 'text': {
      if (bodyText === '') {
        report('empty text card', 'write the card text below the "::: text" line, or remove the directive');
        return null;
      }
      const bodySource = body.join('\n');
      const lineAt = (offset: number) => bodyLine(bodySource.slice(0, offset).split('\n').length - 1);
      const images = markdownImages(bodySource).map((m): MediaRef => ({ src: m.src, line: lineAt(m.offset) }));
      if (ok) return { kind, line, id, source, markdown: bodyText, images };
      uncheckedMedia.push(...images.map((ref) => ({ ref, use: 'image' as const })));
      return null;
    }
    case 'image': {
      const src = attrs.named.get('src');
      const alt = attrs.named.get('alt')?.trim();
      if (!src) { report('image card without src', 'add src=media/<file>.svg (the path inside the content folder)'); ok = false; }
      if (!alt) { report('image card without alt text', 'add alt="<what the picture shows>" for workers who cannot see it'); ok = false; }
      if (ok) return { kind, line, id, source, src: { src: src!, line }, alt: alt!, caption: bodyText };
      if (src) uncheckedMedia.push({ ref: { src, line }, use: 'image' });
      return null;
    }
    case 'video': {
      const src = attrs.named.get('src');
      const captions = attrs.named.get('captions');
      if (!src) { report('video card without src', 'add src=media/<file>.webm or .mp4'); ok = false; }
      if (!captions) { report('video card without captions', 'add captions=media/<file>.vtt (a WebVTT file); noisy floors need captions'); ok = false; }
      if (ok) {
        return {
          kind, line, id, source,
          src: { src: src!, line },
          captions: { src: captions!, line },
          captionsLanguage: attrs.named.get('captions-lang') ?? null,
          caption: bodyText,
        };
      }
      if (src) uncheckedMedia.push({ ref: { src, line }, use: 'video' });
      if (captions) uncheckedMedia.push({ ref: { src: captions, line }, use: 'captions' });
      return null;
    }
    case 'check':
      return parseCheck(file, body, line, attrs.bare[0], id, source, ok, problems);
  }
}

function parseCheck(
  file: string, body: readonly string[], line: number, modeWord: string | undefined,
  id: string | null, source: string, ok: boolean, problems: Problem[],
): SourceCard | null {
  const report = (problem: string, fix: string, at = line) => problems.push({ file, line: at, problem, fix });
  const mode = MODES.find((m) => m === modeWord);
  if (!mode) {
    report(modeWord ? `unknown check type "${modeWord}"` : 'check card without a type', 'write "::: check single id=<check-id>" (or multiple, or truefalse)');
    ok = false;
  }
  if (!id) {
    report('check card without an id', 'add id=<check-id>, e.g. id=loto-who-removes; keep it the same across versions and translations');
    ok = false;
  }

  const question: string[] = [];
  const options: SourceOption[] = [];
  const explanation: string[] = [];
  let section: 'question' | 'options' | 'explanation' = 'question';
  body.forEach((text, i) => {
    const at = line + 1 + i;
    const exp = EXPLANATION.exec(text);
    const opt = OPTION.exec(text);
    if (section !== 'explanation' && exp) {
      section = 'explanation';
      explanation.push(exp[1]);
    } else if (section === 'explanation') {
      explanation.push(text);
    } else if (opt) {
      section = 'options';
      const [optionText, feedback] = splitFeedback(opt[2]);
      if (!optionText) report('answer option without text', 'write the answer after the box, e.g. "- [ ] Ask your supervisor :: feedback"', at);
      if (!feedback) report(`answer option "${optionText}" has no feedback`, 'add " :: " and a sentence telling the worker why this answer is right or wrong', at);
      options.push({ line: at, text: optionText, correct: opt[1].toLowerCase() === 'x', feedback });
    } else if (LOOKS_LIKE_OPTION.test(text)) {
      report('malformed answer option', 'write "- [x] answer :: feedback" for a correct answer or "- [ ] answer :: feedback" for a wrong one', at);
      ok = false;
    } else if (section === 'question') {
      question.push(text);
    } else if (text.trim() !== '') {
      report('unexpected text after the answer options', 'keep the question above the options and start the explanation with "explanation:"', at);
      ok = false;
    }
  });

  const questionText = question.join('\n').trim();
  const explanationText = explanation.join('\n').trim();
  if (!questionText) { report('check card without a question', 'write the question on the lines between the directive and the first option'); ok = false; }
  if (!explanationText) { report('check card without an explanation', 'add a line "explanation: <why the right answer is right>" after the options'); ok = false; }
  if (options.some((o) => !o.text || !o.feedback)) ok = false;

  if (mode) {
    const correct = options.filter((o) => o.correct).length;
    if (mode === 'truefalse' && options.length !== 2) {
      report(`true/false check has ${options.length} options`, 'give exactly two options, e.g. "- [x] True :: ..." and "- [ ] False :: ..."');
      ok = false;
    } else if (options.length < 2) {
      report(`check has ${options.length} answer option${options.length === 1 ? '' : 's'}`, 'give at least two options as "- [x] answer :: feedback" / "- [ ] answer :: feedback"');
      ok = false;
    }
    if (correct === 0) {
      report('check without a correct answer', 'mark the correct option with [x], e.g. "- [x] Only you :: Right, ..."');
      ok = false;
    } else if (mode !== 'multiple' && correct > 1) {
      report(`${mode} check has ${correct} correct answers`, 'mark exactly one option with [x], or use "::: check multiple" when several answers are right');
      ok = false;
    }
  }
  return ok ? { kind: 'check', line, id: id!, source, mode: mode!, question: questionText, options, explanation: explanationText } : null;
}

function splitFeedback(text: string): [string, string] {
  const i = text.indexOf('::');
  return i < 0 ? [text.trim(), ''] : [text.slice(0, i).trim(), text.slice(i + 2).trim()];
}
