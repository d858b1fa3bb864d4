import { useT } from '../../state/context';

/** Shown where a cached image or video could not be loaded, so the card still makes sense. */
export function MediaMissing({ label }: { label?: string }) {
  const { t } = useT();
  return (
    <div className="media-missing" data-testid="media-missing">
      <span>{t('mediaMissing')}</span>
      {label && <span className="media-missing-label">{label}</span>}
    </div>
  );
}
