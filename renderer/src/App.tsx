import { useEffect } from 'react';
import { LessonPlayer } from './lesson/LessonPlayer';
import { ReviewPlayer } from './lesson/ReviewPlayer';
import { useKiosk, useKioskApi, useT } from './state/context';
import { deriveScreen } from './state/screen';
import { AttractScreen } from './screens/AttractScreen';
import { CallErrorBar } from './screens/CallErrorBar';
import { DoneScreen } from './screens/DoneScreen';
import { ErrorScreen } from './screens/ErrorScreen';
import { GreetingScreen } from './screens/GreetingScreen';
import { IdleWarning } from './screens/IdleWarning';
import { NoticeBar } from './screens/NoticeBar';
import { DiagnosticsScreen } from './screens/DiagnosticsScreen';
import { PinPadScreen } from './screens/PinPadScreen';
import { StationBoardScreen } from './screens/StationBoardScreen';
import { StorageScreen } from './screens/StorageScreen';
import { useDiagnosticsChord } from './screens/useDiagnosticsChord';

export function App() {
  const { t, language } = useT();
  const snapshot = useKiosk((s) => s.snapshot);
  const play = useKiosk((s) => s.play);
  const done = useKiosk((s) => s.done);
  const review = useKiosk((s) => s.review);
  const screen = deriveScreen(snapshot, play, done, review);
  useDiagnosticsChord(useKioskApi());

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  if (screen.kind === 'error') return <ErrorScreen error={screen.error} language={language} />;
  return (
    <div className="app" data-screen={screen.kind}>
      <div className="overlays">
        <NoticeBar />
        <CallErrorBar />
      </div>
      {screen.kind === 'loading' && (
        <main className="screen loading-screen" aria-busy="true">
          <p>{t('loading')}</p>
        </main>
      )}
      {screen.kind === 'attract' && <AttractScreen />}
      {screen.kind === 'greeting' && <GreetingScreen />}
      {screen.kind === 'player' && <LessonPlayer />}
      {screen.kind === 'review' && <ReviewPlayer />}
      {screen.kind === 'done' && <DoneScreen />}
      {screen.kind === 'pin-pad' && <PinPadScreen />}
      {screen.kind === 'station-board' && <StationBoardScreen />}
      {screen.kind === 'diagnostics' && <DiagnosticsScreen />}
      {screen.kind === 'storage' && <StorageScreen />}
      <IdleWarning />
    </div>
  );
}
