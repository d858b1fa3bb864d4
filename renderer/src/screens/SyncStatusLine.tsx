import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../common/contracts/kiosk-api';
import { translatorFor } from '../../../common/i18n/catalog';
import { useKiosk, useT } from '../state/context';

/** The attract screen's one-line sync summary; null when the terminal does not sync. Pure, for tests. */
export function syncLine(sync: SyncStatus | undefined, nowMs: number, language: string): string | null {
  if (!sync || sync.state === 'not-configured') return null;
  const t = translatorFor(language);
  const waiting = sync.queued > 0 ? ` - ${t('syncWaiting', { n: sync.queued })}` : '';
  if (sync.state === 'enrolling') return t('syncEnrolling');
  if (sync.state === 'error') return `${t('syncProblem')}${waiting}`;
  if (sync.state === 'offline') return `${t('syncOffline')}${waiting}`;
  if (!sync.lastSyncAt) return `${t('syncNotYet')}${waiting}`;
  const minutes = Math.floor((nowMs - Date.parse(sync.lastSyncAt)) / 60_000);
  return `${minutes < 1 ? t('syncedNow') : t('syncedAgo', { min: minutes })}${waiting}`;
}

export function SyncStatusLine() {
  const { t, language } = useT();
  const sync = useKiosk((st) => st.snapshot?.sync);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // "2 min ago" has to move on while nobody touches the screen
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const line = syncLine(sync, now, language);
  if (!line) return null;
  const download = sync?.download;
  return (
    <span className="sync-state" data-testid="sync-state" data-state={sync?.state}>
      {line}
      {download && download.total > 0 && (
        <label className="sync-download">
          {' '}
          {t('syncDownloading', { done: download.done, total: download.total })}{' '}
          <progress max={download.total} value={download.done} />
        </label>
      )}
    </span>
  );
}
