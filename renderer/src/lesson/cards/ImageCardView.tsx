import { useState } from 'react';
import type { z } from 'zod';
import type { imageCard } from '../../../../common/contracts/lesson';
import { useMediaUrl, useT } from '../../state/context';
import { MediaMissing } from './MediaMissing';
import { ZoomedImage } from './ZoomedImage';

export function ImageCardView({ card }: { card: z.infer<typeof imageCard> }) {
  const { t } = useT();
  const mediaUrl = useMediaUrl();
  const [failed, setFailed] = useState(false);
  const [zoomed, setZoomed] = useState(false);
  const src = mediaUrl(card.media);
  return (
    <figure className="card-figure">
      {failed ? (
        <MediaMissing kind="image" label={card.alt} />
      ) : (
        <button type="button" className="zoomable" data-testid="zoom-image" aria-label={t('zoomImage', { alt: card.alt })} onClick={() => setZoomed(true)}>
          <img src={src} alt={card.alt} onError={() => setFailed(true)} />
        </button>
      )}
      {card.caption && <figcaption>{card.caption}</figcaption>}
      {zoomed && !failed && <ZoomedImage src={src} alt={card.alt} onClose={() => setZoomed(false)} />}
    </figure>
  );
}
