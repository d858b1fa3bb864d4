import type { Page } from 'playwright-core';

export interface LayoutProblem {
  what: string;
  text: string;
}

export interface LayoutRules {
  /** Selectors that must be fully on screen without scrolling. */
  mustBeVisible: string[];
  /** Smallest width and height of a button, in CSS px (48 on the kiosk's touch screens); 0 skips the check. */
  minTarget: number;
  /** The page itself scrolls vertically (the dashboard), so anything below the fold is reachable. */
  pageScrolls?: boolean;
}

/**
 * What is wrong with the layout as it stands: a page that scrolls sideways, interactive elements
 * off-screen sideways or out of reach of any scroll container, buttons under the touch-target size,
 * elements that must be on screen but are not, and labels that overflow or break inside a word.
 */
export async function layoutProblems(page: Page, rules: LayoutRules): Promise<LayoutProblem[]> {
  return page.evaluate(({ mustBeVisible, minTarget, pageScrolls }) => {
    const problems: { what: string; text: string }[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const label = (el: Element) => (el.getAttribute('data-testid') ?? el.tagName.toLowerCase()) + ` "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden';
    };
    /** The nearest ancestor that scrolls in that direction, if any. */
    const scroller = (el: Element, axis: 'x' | 'y'): Element | null => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        const overflow = axis === 'x' ? style.overflowX : style.overflowY;
        const more = axis === 'x' ? p.scrollWidth > p.clientWidth + 1 : p.scrollHeight > p.clientHeight + 1;
        if ((overflow === 'auto' || overflow === 'scroll') && more) return p;
      }
      return null;
    };
    if (document.documentElement.scrollWidth > vw + 1) problems.push({ what: 'page scrolls sideways', text: `${document.documentElement.scrollWidth} > ${vw}` });

    const interactive = [...document.querySelectorAll('button, a[href], input, select, [role="button"], [tabindex]:not([tabindex="-1"])')].filter(shown);
    for (const el of interactive) {
      const r = el.getBoundingClientRect();
      if ((r.left < -1 || r.right > vw + 1) && !scroller(el, 'x')) problems.push({ what: 'off-screen sideways', text: `${label(el)} ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}` });
      if (!pageScrolls && !scroller(el, 'y') && (r.top < -1 || r.bottom > vh + 1)) {
        problems.push({ what: 'off-screen, nothing scrolls to it', text: `${label(el)} ${Math.round(r.top)}..${Math.round(r.bottom)} of ${vh}` });
      }
      if (minTarget > 0 && el.tagName === 'BUTTON' && (r.height < minTarget - 0.5 || r.width < minTarget - 0.5)) {
        problems.push({ what: `touch target under ${minTarget} px`, text: `${label(el)} ${Math.round(r.width)}x${Math.round(r.height)}` });
      }
    }
    for (const sel of mustBeVisible) {
      for (const el of document.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect();
        if (r.top < -1 || r.bottom > vh + 1 || r.left < -1 || r.right > vw + 1) {
          problems.push({ what: `must be on screen: ${sel}`, text: `${label(el)} ${Math.round(r.left)},${Math.round(r.top)}..${Math.round(r.right)},${Math.round(r.bottom)} of ${vw}x${vh}` });
        }
      }
    }
    // Labels: nothing cut off, and no word broken across lines (e.g. "Clear" as C/l/e/a/r).
    const labels = [...document.querySelectorAll('button, label, h1, h2, th, .status-badge, [data-testid="card-index"]')].filter(shown);
    for (const el of labels) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        problems.push({ what: 'text overflows', text: `${label(el)} ${el.scrollWidth} > ${el.clientWidth}` });
      }
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].filter((rc) => rc.width > 0).map((rc) => Math.round(rc.top)));
          if (lines.size > 1) problems.push({ what: 'word broken across lines', text: `${label(el)}: "${m[0]}"` });
        }
      }
    }
    return problems;
  }, rules);
}
