import { useKiosk, useT } from '../state/context';
import { readerBanner } from '../state/screen';

export function ReaderBanner() {
  const { t } = useT();
  const snapshot = useKiosk((s) => s.snapshot);
  const banner = snapshot ? readerBanner(snapshot) : null;
  if (!banner) return null;
  return (
    <div className="banner banner-danger" data-testid="reader-banner" role="alert">
      <strong>{t(banner.kind === 'disconnected' ? 'readerDisconnected' : 'readerUnavailable')}</strong>
      {banner.detail && <span className="banner-detail">{banner.detail}</span>}
    </div>
  );
}
