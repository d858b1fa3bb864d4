import createDOMPurify, { type WindowLike } from 'dompurify';

// jsdom ships no types (and @types/jsdom is not a dependency): only its constructor and window are used.
// Loaded on the first check, not with the module: it costs almost a second of CPU, which every server
// and content CLI call would pay.
type JsdomModule = { JSDOM: new (html: string) => { window: WindowLike } };
/** Node fields read here; this layer is compiled without the DOM's types. */
type NamedNode = { nodeName: string; textContent: string | null };

/**
 * Whether an SVG is a plain drawing, decided by a real sanitiser (DOMPurify's SVG profile on a jsdom
 * window) rather than a pattern list: the file is sanitised, and whatever the sanitiser had to take
 * out is what makes it unfit. Nothing is rewritten: a lesson ships the trainer's bytes or is refused,
 * so what the author previewed is what terminals show. Used by the pack tool and again by the
 * server's upload (a pack can be built by anything). Node only (jsdom).
 */

/** Internal references (`#gradient`) are the only URLs a diagram needs; anything else loads from elsewhere. */
const INTERNAL_REF = /^#[\w.:-]*$/;
/** CSS that fetches: @import, or url() pointing anywhere but inside the file. */
const FETCHING_CSS = /@import|url\s*\(\s*['"]?\s*(?!#)|expression\s*\(|javascript:/i;
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);
/** The sanitiser parses a fragment into a document; dropping the wrapper it made (and comments) is no change. */
const WRAPPERS = new Set(['html', 'head', 'body', '#comment']);

let purify: ReturnType<typeof createDOMPurify> | null = null;
const hookFindings: string[] = [];

function sanitiser(): ReturnType<typeof createDOMPurify> {
  if (purify) return purify;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped, and loaded lazily (above)
  const { JSDOM } = require('jsdom') as JsdomModule;
  const p = createDOMPurify(new JSDOM('').window);
  p.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName.toLowerCase();
    const value = data.attrValue.trim();
    if ((URL_ATTRIBUTES.has(name) && !INTERNAL_REF.test(value)) || (name === 'style' && FETCHING_CSS.test(value))) {
      hookFindings.push(`${name}="${value.slice(0, 40)}" on <${(node as unknown as NamedNode).nodeName.toLowerCase()}>`);
      data.keepAttr = false;
    }
  });
  p.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && FETCHING_CSS.test((node as unknown as NamedNode).textContent ?? '')) hookFindings.push('a <style> that loads CSS or images from elsewhere');
  });
  purify = p;
  return p;
}

/** What makes this SVG unfit to ship (script, handlers, external or embedded content, ...); empty when it is a plain drawing. */
export function svgActiveContent(svg: string): string[] {
  const text = svg.replace(/^\uFEFF/, '').replace(/^\s*<\?xml\s[^?]*\?>/, '');
  const found: string[] = [];
  // Entity declarations can read local files (XXE) or expand without bound; a drawing never needs them.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) found.push('a DOCTYPE or entity declaration');
  if (/<\?/.test(text)) found.push('a processing instruction such as <?xml-stylesheet?>');
  if (!/<svg[\s>]/i.test(text)) found.push('no <svg> element');

  const p = sanitiser();
  hookFindings.length = 0;
  // `use` and `role` are safe once the URL hook above has kept references internal.
  p.sanitize(text, { USE_PROFILES: { svg: true, svgFilters: true }, ADD_TAGS: ['use'], ADD_ATTR: ['role'], SAFE_FOR_XML: true });
  found.push(...hookFindings);
  for (const removed of p.removed) {
    if ('attribute' in removed && removed.attribute) {
      const name = removed.attribute.name;
      const on = (removed.from as unknown as NamedNode | undefined)?.nodeName.toLowerCase() ?? 'an element';
      found.push(`${name}="${removed.attribute.value.trim().slice(0, 40)}" on <${on}>`);
    } else if ('element' in removed && removed.element && !WRAPPERS.has((removed.element as unknown as NamedNode).nodeName.toLowerCase())) {
      found.push(`<${(removed.element as unknown as NamedNode).nodeName.toLowerCase()}>`);
    }
  }
  return [...new Set(found)];
}
