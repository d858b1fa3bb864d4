import { useT } from '../../state/context';

/**
 * Shown where a cached image or video is missing or cannot be decoded, so the card still makes
 * sense (the alt text or caption stays) and the lesson goes on.
 */
export function MediaMissing({ kind, label }: { kind: 'image' | 'video'; label?: string }) {
  const { t } = useT();
  return (
    <div className="media-missing" data-testid="media-missing" data-media-kind={kind} role="img" aria-label={label ? `${t(kind === 'image' ? 'imageMissing' : 'videoMissing')}: ${label}` : undefined}>
      <span className="media-missing-title">{t(kind === 'image' ? 'imageMissing' : 'videoMissing')}</span>
      {label && <span className="media-missing-label">{label}</span>}
    </div>
  );
}
