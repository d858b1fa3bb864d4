import DOMPurify, { type WindowLike } from 'dompurify';
import { Marked } from 'marked';
import { LESSON_MARKDOWN_OPTIONS } from '../../../common/contracts/lesson-markdown';

/**
 * Lesson Markdown -> HTML that is safe to insert. Lessons come from a content pack, which is
 * trusted less than the kiosk itself: no scripts, no event handlers, no frames, no links (a kiosk
 * has no browser to follow them, so their text is kept) and no remote images. Images are allowed
 * only as `media:<sha256>` references into the local cache, rewritten to the transport's URL.
 */

const MEDIA_REF = /^media:([0-9a-f]{64})$/;

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'strong', 'em', 'b', 'i', 'del', 's', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'img',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
];

export type MarkdownRenderer = (markdown: string) => string;

export function createMarkdownRenderer(mediaUrl: (sha256: string) => string, window: WindowLike = globalThis.window): MarkdownRenderer {
  // A private marked and DOMPurify per renderer: the hooks below must not leak into other users.
  // The Markdown options are the ones the pack tool and lessonMediaHashes read lessons with.
  const marked = new Marked({ async: false, ...LESSON_MARKDOWN_OPTIONS });
  const purify = DOMPurify(window);

  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (node.nodeName !== 'IMG' || data.attrName !== 'src') return;
    // DOMPurify's URI filter does not know the media: scheme; keep it here, rewrite it below.
    if (MEDIA_REF.test(data.attrValue.trim())) data.forceKeepAttr = true;
    else data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'IMG') return;
    const ref = MEDIA_REF.exec(node.getAttribute('src')?.trim() ?? '');
    // An image whose source was not a cache reference is dropped whole rather than shown broken.
    if (ref) node.setAttribute('src', mediaUrl(ref[1]!));
    else node.remove();
  });

  return (markdown) => {
    const html = marked.parse(markdown) as string;
    return purify.sanitize(html, {
      ALLOWED_TAGS,
      ALLOWED_ATTR: ['alt', 'title', 'src'],
      ALLOW_DATA_ATTR: false,
      KEEP_CONTENT: true,
    });
  };
}
