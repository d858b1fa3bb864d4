import { useKiosk, useT } from '../state/context';

/** The data directory refuses writes: say so to the worker and tell site IT where to look; the core clears it by itself. */
export function StorageScreen() {
  const { t } = useT();
  const storage = useKiosk((s) => s.snapshot?.storage ?? null);
  if (!storage) return null;
  return (
    <main className="screen error-screen" data-testid="storage-fault" data-kind={storage.kind} role="alert">
      <h1>{t(storage.kind === 'full' ? 'storageFullTitle' : 'storageReadOnlyTitle')}</h1>
      <p className="error-detail">{t('storageBody')}</p>
      <p className="error-fix">{t('storageForIt', { dir: storage.dataDir })}</p>
    </main>
  );
}
