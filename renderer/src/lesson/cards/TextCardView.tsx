import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useMediaUrl, useT } from '../../state/context';
import { createMarkdownRenderer } from '../sanitize';
import { ZoomedImage } from './ZoomedImage';

export function TextCardView({ markdown }: { markdown: string }) {
  const { t } = useT();
  const mediaUrl = useMediaUrl();
  const render = useMemo(() => createMarkdownRenderer(mediaUrl), [mediaUrl]);
  const html = useMemo(() => render(markdown), [render, markdown]);
  const container = useRef<HTMLDivElement>(null);
  const [zoomed, setZoomed] = useState<{ src: string; alt: string } | null>(null);

  // The sanitised HTML is not React's, so its images are wired here: a missing one becomes a
  // labelled placeholder instead of a broken icon (load errors do not bubble, hence the capture
  // listener; inline onerror is barred by the sanitiser and the CSP), and every image opens
  // full-screen on a tap, Enter or Space. A layout effect attaches before a load failure is reported.
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    for (const img of element.querySelectorAll('img')) {
      img.tabIndex = 0;
      img.setAttribute('role', 'button');
      img.setAttribute('aria-label', t('zoomImage', { alt: img.alt }));
      img.dataset.testid = 'zoom-image';
    }
    const onError = (event: Event) => {
      const img = event.target;
      if (!(img instanceof HTMLImageElement)) return;
      const placeholder = document.createElement('div');
      placeholder.className = 'media-missing';
      placeholder.dataset.testid = 'media-missing';
      placeholder.dataset.mediaKind = 'image';
      placeholder.textContent = img.alt ? `${t('imageMissing')}: ${img.alt}` : t('imageMissing');
      img.replaceWith(placeholder);
    };
    const zoomTarget = (event: Event) => (event.target instanceof HTMLImageElement ? event.target : null);
    const onClick = (event: MouseEvent) => {
      const img = zoomTarget(event);
      if (img) setZoomed({ src: img.src, alt: img.alt });
    };
    const onKey = (event: KeyboardEvent) => {
      const img = zoomTarget(event);
      if (!img || (event.key !== 'Enter' && event.key !== ' ')) return;
      event.preventDefault();
      setZoomed({ src: img.src, alt: img.alt });
    };
    element.addEventListener('error', onError, true);
    element.addEventListener('click', onClick);
    element.addEventListener('keydown', onKey);
    return () => {
      element.removeEventListener('error', onError, true);
      element.removeEventListener('click', onClick);
      element.removeEventListener('keydown', onKey);
    };
  }, [html, t]);

  return (
    <>
      {/* Safe: `html` comes out of the DOMPurify allowlist in ../sanitize. */}
      <div ref={container} className="card-text" dangerouslySetInnerHTML={{ __html: html }} />
      {zoomed && <ZoomedImage src={zoomed.src} alt={zoomed.alt} onClose={() => setZoomed(null)} />}
    </>
  );
}
