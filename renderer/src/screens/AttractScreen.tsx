import { useKiosk, useT } from '../state/context';
import { ReaderBanner } from './ReaderBanner';
import { SyncStatusLine } from './SyncStatusLine';

export function AttractScreen() {
  const { t } = useT();
  const snapshot = useKiosk((s) => s.snapshot);
  if (!snapshot) return null;
  const { terminal, reader } = snapshot;
  const readerOk = reader.mode === 'wedge' || reader.state === 'connected';
  return (
    <main className="screen attract-screen" data-testid="attract-screen">
      <ReaderBanner />
      <div className="attract-center">
        <div className="badge-icon" aria-hidden="true" />
        <h1 className="attract-title">{t('tapToStart')}</h1>
      </div>
      <footer className="attract-footer">
        <span>
          {terminal.siteName} · {terminal.stationName}
          {terminal.demo && <span className="demo-tag"> · {t('demoTerminal')}</span>}
        </span>
        {readerOk && (
          <span className="reader-state">{t(reader.mode === 'wedge' ? 'readerListening' : 'readerConnected')}</span>
        )}
        <SyncStatusLine />
      </footer>
    </main>
  );
}
