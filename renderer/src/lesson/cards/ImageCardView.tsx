import { useState } from 'react';
import type { z } from 'zod';
import type { imageCard } from '../../../../common/contracts/lesson';
import { useMediaUrl } from '../../state/context';
import { MediaMissing } from './MediaMissing';

export function ImageCardView({ card }: { card: z.infer<typeof imageCard> }) {
  const mediaUrl = useMediaUrl();
  const [failed, setFailed] = useState(false);
  return (
    <figure className="card-figure">
      {failed ? (
        <MediaMissing label={card.alt} />
      ) : (
        <img src={mediaUrl(card.media)} alt={card.alt} onError={() => setFailed(true)} />
      )}
      {card.caption && <figcaption>{card.caption}</figcaption>}
    </figure>
  );
}
