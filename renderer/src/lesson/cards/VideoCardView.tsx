import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { videoCard } from '../../../../common/contracts/lesson';
import { useMediaUrl, useT } from '../../state/context';
import { MediaMissing } from './MediaMissing';

export function VideoCardView({ card }: { card: z.infer<typeof videoCard> }) {
  const { t, language } = useT();
  const mediaUrl = useMediaUrl();
  const video = useRef<HTMLVideoElement>(null);
  const track = useRef<HTMLTrackElement>(null);
  const [failed, setFailed] = useState(false);

  // Floors are noisy: captions are on from the start. `default` asks for that, but a browser may
  // still pick "hidden" (e.g. a user preference), so the track is switched on explicitly.
  useEffect(() => {
    const captions = track.current?.track;
    if (captions) captions.mode = 'showing';
  }, [card.captions]);

  const replay = () => {
    const element = video.current;
    if (!element) return;
    element.currentTime = 0;
    // Autoplay policies may refuse; the controls are still there.
    element.play().catch(() => undefined);
  };

  return (
    <figure className="card-figure card-video">
      {failed ? (
        <MediaMissing kind="video" />
      ) : (
        <>
          <video
            ref={video}
            src={mediaUrl(card.media)}
            controls
            playsInline
            preload="auto"
            onError={() => setFailed(true)}
            data-testid="lesson-video"
          >
            {card.captions && (
              <track
                ref={track}
                kind="captions"
                default
                src={mediaUrl(card.captions)}
                srcLang={card.captionsLanguage ?? language}
                label={card.captionsLanguage ?? language}
              />
            )}
          </video>
          <button type="button" className="button button-huge replay" onClick={replay} data-testid="replay-video">
            ↺ {t('replay')}
          </button>
        </>
      )}
      {card.caption && <figcaption>{card.caption}</figcaption>}
    </figure>
  );
}
