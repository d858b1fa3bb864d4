import '../zod-without-eval';
import '../styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../App';
import { KioskProvider } from '../state/context';
import { createKioskStore } from '../state/store';
import { createPreviewTransport } from './preview-transport';

/** The player page of the preview (framed by preview.html at a terminal's screen size): the kiosk's App, playing one lesson. */
const params = new URLSearchParams(window.location.search);
const transport = createPreviewTransport({ lessonId: params.get('lesson') ?? '', language: params.get('language') ?? 'en' });
const store = createKioskStore(transport);
transport.onSnapshot((snapshot) => {
  store.getState().applySnapshot(snapshot);
  void store.getState().startLesson(params.get('lesson') ?? '');
});

const root = document.getElementById('root');
if (!root) throw new Error('preview-frame.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <KioskProvider store={store} transport={transport}>
      <App />
    </KioskProvider>
  </StrictMode>,
);
