import { useEffect, useState, type RefObject } from 'react';
import { useT } from '../state/context';

/** True while the scroll container has content below what is shown. Pure, for tests. */
export function hasMoreBelow(box: Pick<HTMLElement, 'scrollTop' | 'scrollHeight' | 'clientHeight'>): boolean {
  return box.scrollHeight - box.clientHeight - box.scrollTop > 8;
}

/**
 * A "More below" button over the bottom of a screen whose content does not fit: a worker who never
 * scrolls a kiosk still sees there is more (e.g. the greeting's other lessons). A tap scrolls down a
 * screenful; it goes away at the end.
 */
export function MoreBelow({ scroller }: { scroller: RefObject<HTMLElement | null> }) {
  const { t } = useT();
  const [more, setMore] = useState(false);

  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const update = () => setMore(hasMoreBelow(box));
    update();
    box.addEventListener('scroll', update, { passive: true });
    // The window's size and the content (a board that arrives, a list that grows) both change what fits.
    const resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    resized?.observe(box);
    const changed = new MutationObserver(update);
    changed.observe(box, { childList: true, subtree: true });
    return () => {
      box.removeEventListener('scroll', update);
      resized?.disconnect();
      changed.disconnect();
    };
  }, [scroller]);

  if (!more) return null;
  return (
    <button
      type="button"
      className="button more-below"
      data-testid="more-below"
      onClick={() => scroller.current?.scrollBy({ top: scroller.current.clientHeight * 0.8, behavior: 'smooth' })}
    >
      {t('moreBelow')} ↓
    </button>
  );
}
