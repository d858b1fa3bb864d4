import { useLayoutEffect, useMemo, useRef } from 'react';
import { useMediaUrl, useT } from '../../state/context';
import { createMarkdownRenderer } from '../sanitize';

export function TextCardView({ markdown }: { markdown: string }) {
  const { t } = useT();
  const mediaUrl = useMediaUrl();
  const render = useMemo(() => createMarkdownRenderer(mediaUrl), [mediaUrl]);
  const html = useMemo(() => render(markdown), [render, markdown]);
  const container = useRef<HTMLDivElement>(null);

  // An image missing from the cache becomes a labelled placeholder instead of a broken icon.
  // (Load errors do not bubble, hence the capture listener; inline onerror is barred by the CSP.)
  // A layout effect attaches before the browser can report the load failure.
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const onError = (event: Event) => {
      const img = event.target;
      if (!(img instanceof HTMLImageElement)) return;
      const placeholder = document.createElement('div');
      placeholder.className = 'media-missing';
      placeholder.dataset.testid = 'media-missing';
      placeholder.textContent = img.alt ? `${t('mediaMissing')} (${img.alt})` : t('mediaMissing');
      img.replaceWith(placeholder);
    };
    element.addEventListener('error', onError, true);
    return () => element.removeEventListener('error', onError, true);
  }, [html, t]);

  // Safe: `html` comes out of the DOMPurify allowlist in ../sanitize.
  return <div ref={container} className="card-text" dangerouslySetInnerHTML={{ __html: html }} />;
}
