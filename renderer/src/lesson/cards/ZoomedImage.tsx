import { useEffect, useRef } from 'react';
import { useT } from '../../state/context';

/**
 * A picture opened full-screen so small print on a diagram can be read. A tap anywhere, the Close
 * button or Escape closes it; focus goes to Close on open and back where it was on close.
 */
export function ZoomedImage({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const { t } = useT();
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const before = document.activeElement;
    close.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    // The player pages on arrow keys; while zoomed, keys belong to the picture.
    if (event.key === 'Escape') onClose();
    if (event.key === 'Escape' || event.key.startsWith('Arrow')) event.preventDefault();
    // Tab stays on Close: it is the only control while the picture is open.
    if (event.key === 'Tab') {
      event.preventDefault();
      close.current?.focus();
    }
  };

  return (
    <div className="zoom-overlay" role="dialog" aria-modal="true" aria-label={alt} data-testid="image-zoom" onClick={onClose} onKeyDown={onKeyDown}>
      <img src={src} alt={alt} className="zoom-image" />
      <button ref={close} type="button" className="button zoom-close" data-testid="close-zoom" onClick={onClose}>
        ✕ {t('closeZoom')}
      </button>
    </div>
  );
}
