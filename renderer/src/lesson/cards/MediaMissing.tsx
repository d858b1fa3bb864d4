import { useT } from '../../state/context';

/**
 * Shown where a cached image or video is missing or cannot be decoded, so the card still makes
 * sense (the alt text or caption stays) and the lesson goes on.
 */
export function MediaMissing({ kind, label }: { kind: 'image' | 'video'; label?: string }) {
  const { t } = useT();
  const title = t(kind === 'image' ? 'imageMissing' : 'videoMissing');
  return (
    // role="img" needs a name even without a label, or screen readers announce an unnamed image.
    <div className="media-missing" data-testid="media-missing" data-media-kind={kind} role="img" aria-label={label ? `${title}: ${label}` : title}>
      <span className="media-missing-title">{title}</span>
      {label && <span className="media-missing-label">{label}</span>}
    </div>
  );
}
