import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../common/contracts/kiosk-api';
import { useKiosk, useT } from '../state/context';

const strings = {
  en: {
    waiting: (n: number) => `${n} completion${n === 1 ? '' : 's'} waiting`,
    offline: 'Offline',
    problem: 'Sync problem - ask site IT',
    enrolling: 'Connecting to the server…',
    syncedNow: 'Synced just now',
    syncedAgo: (min: number) => `Synced ${min} min ago`,
    notYet: 'Not synced yet',
    downloading: (done: number, total: number) => `Downloading lessons ${done} of ${total}`,
  },
  es: {
    waiting: (n: number) => `${n} ${n === 1 ? 'registro' : 'registros'} en espera`,
    offline: 'Sin conexión',
    problem: 'Problema de sincronización - avise a TI',
    enrolling: 'Conectando con el servidor…',
    syncedNow: 'Sincronizado ahora',
    syncedAgo: (min: number) => `Sincronizado hace ${min} min`,
    notYet: 'Aún sin sincronizar',
    downloading: (done: number, total: number) => `Descargando lecciones ${done} de ${total}`,
  },
};

/** The attract screen's one-line sync summary; null when the terminal does not sync. Pure, for tests. */
export function syncLine(sync: SyncStatus | undefined, nowMs: number, language: string): string | null {
  if (!sync || sync.state === 'not-configured') return null;
  const s = language in strings ? strings[language as keyof typeof strings] : strings.en;
  const waiting = sync.queued > 0 ? ` - ${s.waiting(sync.queued)}` : '';
  if (sync.state === 'enrolling') return s.enrolling;
  if (sync.state === 'error') return `${s.problem}${waiting}`;
  if (sync.state === 'offline') return `${s.offline}${waiting}`;
  if (!sync.lastSyncAt) return `${s.notYet}${waiting}`;
  const minutes = Math.floor((nowMs - Date.parse(sync.lastSyncAt)) / 60_000);
  return `${minutes < 1 ? s.syncedNow : s.syncedAgo(minutes)}${waiting}`;
}

export function SyncStatusLine() {
  const { language } = useT();
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
  const s = language in strings ? strings[language as keyof typeof strings] : strings.en;
  return (
    <span className="sync-state" data-testid="sync-state" data-state={sync?.state}>
      {line}
      {download && download.total > 0 && (
        <label className="sync-download">
          {' '}
          {s.downloading(download.done, download.total)}{' '}
          <progress max={download.total} value={download.done} />
        </label>
      )}
    </span>
  );
}
