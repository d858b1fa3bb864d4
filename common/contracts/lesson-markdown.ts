import { Marked, type Token } from 'marked';

/**
 * How lesson Markdown is read, for everyone who reads it: the pack tool finding image files, the
 * server and the terminal listing the media a lesson needs, and the player rendering it. One set of
 * options and one lexer, so an image the player shows is an image the build checked and shipped
 * (and text that only looks like an image, inside code, is neither).
 */

/** `breaks`: lessons put one short sentence per line, and each line should stay its own line. */
export const LESSON_MARKDOWN_OPTIONS = { gfm: true, breaks: true } as const;

const marked = new Marked({ async: false, ...LESSON_MARKDOWN_OPTIONS });

export interface MarkdownImage {
  /** The image source as written (a reference-style image gives its definition's target). */
  src: string;
  alt: string;
  /** Where the image's own text (`![alt](src)` or `![alt][ref]`) starts in the Markdown, and its length. */
  offset: number;
  length: number;
}

/**
 * Every image of a Markdown text in document order: inline and reference-style, in paragraphs,
 * lists, tables and quotes; never inside code.
 */
export function markdownImages(markdown: string): MarkdownImage[] {
  const images: MarkdownImage[] = [];
  // Tokens come in document order; code is stepped over so an image after it is found after it.
  let cursor = 0;
  marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    if (token.type === 'code' || token.type === 'codespan' || token.type === 'html') {
      const at = markdown.indexOf(token.raw, cursor);
      if (at >= 0) cursor = at + token.raw.length;
    } else if (token.type === 'image') {
      const at = markdown.indexOf(token.raw, cursor);
      if (at < 0) return;
      images.push({ src: token.href, alt: token.text, offset: at, length: token.raw.length });
      cursor = at + token.raw.length;
    }
  });
  return images;
}

/** Raw HTML images are allowed when they point into the media cache (the player resolves both forms). */
function htmlMediaHashes(markdown: string): string[] {
  const hashes: string[] = [];
  marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    if (token.type === 'html') for (const m of token.raw.matchAll(/media:([0-9a-f]{64})/g)) hashes.push(m[1]!);
  });
  return hashes;
}

/** The `media:<sha256>` images of a played lesson's Markdown, as the player resolves them. */
export function markdownMediaHashes(markdown: string): string[] {
  const fromImages = markdownImages(markdown).flatMap((i) => /^media:([0-9a-f]{64})$/.exec(i.src.trim())?.slice(1) ?? []);
  return [...fromImages, ...htmlMediaHashes(markdown)];
}

/**
 * The Markdown with each image written as `![alt](<new source>)`; `to` gives the new source (a
 * reference-style image becomes inline, its title is dropped).
 */
export function rewriteMarkdownImages(markdown: string, to: (image: MarkdownImage) => string): string {
  let out = '';
  let from = 0;
  for (const image of markdownImages(markdown)) {
    out += `${markdown.slice(from, image.offset)}![${image.alt.replace(/[\\[\]]/g, '\\$&')}](${to(image)})`;
    from = image.offset + image.length;
  }
  return out + markdown.slice(from);
}
